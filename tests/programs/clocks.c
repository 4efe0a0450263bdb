/* Clocks: realtime is after 2020, monotonic never goes back, sleeping
 * (nanosleep, usleep, which WASI does with poll_oneoff) takes at least as
 * long as asked, and resolutions are positive. Prints facts, not times. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
    time_t now = time(NULL);
    printf("time() after 2020: %d\n", now > 1577836800);
    printf("realtime after 2020: %d\n", ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL);
    struct timespec res;
    printf("clock_getres realtime ok: %d\n", clock_getres(CLOCK_REALTIME, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));
    printf("clock_getres monotonic ok: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));

    long long prev = ns(CLOCK_MONOTONIC);
    int backwards = 0;
    for (int i = 0; i < 10000; i++) {
        long long t = ns(CLOCK_MONOTONIC);
        if (t < prev) backwards++;
        prev = t;
    }
    printf("monotonic went backwards: %d times\n", backwards);

    long long t0 = ns(CLOCK_MONOTONIC);
    struct timespec req = {0, 20 * 1000 * 1000};
    nanosleep(&req, NULL);
    long long t1 = ns(CLOCK_MONOTONIC);
    printf("nanosleep(20ms) slept >= 20ms: %d\n", t1 - t0 >= 20000000LL);
    usleep(15000);
    long long t2 = ns(CLOCK_MONOTONIC);
    printf("usleep(15ms) slept >= 15ms: %d\n", t2 - t1 >= 15000000LL);
    printf("and less than 5s: %d\n", t2 - t0 < 5000000000LL);

    long long c0 = ns(CLOCK_PROCESS_CPUTIME_ID);
    volatile double x = 0;
    for (int i = 0; i < 2000000; i++) x = x + i * 0.5;
    long long c1 = ns(CLOCK_PROCESS_CPUTIME_ID);
    printf("process CPU time advances: %d (x = %g)\n", c1 > c0, x);

    struct tm tm;
    time_t fixed = 1000000000;
    gmtime_r(&fixed, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    printf("gmtime(1e9) = %s\n", buf);
    return 0;
}
