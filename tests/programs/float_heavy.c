/* Floating-point-heavy work whose results are exact or correctly rounded
 * on every IEEE 754 machine (only + - * / and sqrt, evaluated in the same
 * order): the n-body benchmark, a Mandelbrot set, matrix products, and a
 * few conversions and special values. Library functions like sin and exp
 * are printed with few digits, since C libraries may differ in the last
 * bit. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body { double x, y, z, vx, vy, vz, mass; };

static struct body bodies[5] = {
    {0, 0, 0, 0, 0, 0, SOLAR_MASS},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
     -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
     2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
     -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
     -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
};

static double energy(void) {
    double e = 0;
    for (int i = 0; i < 5; i++) {
        struct body *b = &bodies[i];
        e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < 5; j++) {
            struct body *c = &bodies[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            e -= b->mass * c->mass / sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void advance(double dt) {
    for (int i = 0; i < 5; i++) {
        struct body *b = &bodies[i];
        for (int j = i + 1; j < 5; j++) {
            struct body *c = &bodies[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * sqrt(d2));
            b->vx -= dx * c->mass * mag;
            b->vy -= dy * c->mass * mag;
            b->vz -= dz * c->mass * mag;
            c->vx += dx * b->mass * mag;
            c->vy += dy * b->mass * mag;
            c->vz += dz * b->mass * mag;
        }
    }
    for (int i = 0; i < 5; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static void nbody(int steps) {
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < 5; i++) {
        px += bodies[i].vx * bodies[i].mass;
        py += bodies[i].vy * bodies[i].mass;
        pz += bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
    printf("nbody energy before: %.9f\n", energy());
    for (int i = 0; i < steps; i++) advance(0.01);
    printf("nbody energy after %d steps: %.9f\n", steps, energy());
}

static void mandelbrot(void) {
    int total = 0;
    for (int row = 0; row < 24; row++) {
        char line[65];
        for (int col = 0; col < 64; col++) {
            double cr = -2.2 + col * (3.0 / 64), ci = -1.2 + row * (2.4 / 24);
            double zr = 0, zi = 0;
            int n = 0;
            while (n < 200 && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                n++;
            }
            total += n;
            line[col] = " .:-=+*#%@"[n >= 200 ? 9 : n % 9];
        }
        line[64] = 0;
        printf("|%s|\n", line);
    }
    printf("mandelbrot iterations: %d\n", total);
}

static void matrices(void) {
    enum { N = 48 };
    static double a[N][N], b[N][N], c[N][N];
    static float fa[N][N], fc[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)((i * 31 + j * 17) % 23) / 7.0 - 1.5;
            b[i][j] = (double)((i * 13 + j * 29) % 19) / 3.0 - 3.0;
            fa[i][j] = (float)a[i][j];
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            float fs = 0;
            for (int k = 0; k < N; k++) {
                s += a[i][k] * b[k][j];
                fs += fa[i][k] * fa[k][j];
            }
            c[i][j] = s;
            fc[i][j] = fs;
        }
    double trace = 0, sum = 0;
    float ftrace = 0;
    for (int i = 0; i < N; i++) {
        trace += c[i][i];
        ftrace += fc[i][i];
        for (int j = 0; j < N; j++) sum += c[i][j];
    }
    printf("matrix trace %.12g, sum %.12g, float trace %.7g\n", trace, sum, (double)ftrace);
}

static void conversions(void) {
    volatile double big = 3e9, neg = -2.75, tiny = 1e-310, half = 2.5;
    printf("(int64)3e9 = %lld, (uint32)3e9 = %u\n", (long long)big, (unsigned)big);
    printf("(int)-2.75 = %d, floor %g, ceil %g, trunc %g, round %g\n", (int)neg, floor(neg), ceil(neg), trunc(neg), round(neg));
    printf("rint(2.5) = %g, nearbyint(3.5) = %g, lround(2.5) = %ld\n", rint(half), nearbyint(3.5), lround(half));
    printf("subnormal %g, is normal %d, DBL_MIN %g, DBL_EPSILON %g\n", tiny, isnormal(tiny), DBL_MIN, DBL_EPSILON);
    volatile double zero = 0.0;
    double inf = 1.0 / zero, nan_ = zero / zero;
    printf("1/0 = %g, -1/0 = %g, isnan(0/0) = %d, nan == nan: %d\n", inf, -inf, isnan(nan_), nan_ == nan_);
    printf("fmin(1, nan) = %g, fmax(-0.0, 0.0) sign = %d\n", fmin(1.0, nan_), signbit(fmax(-0.0, 0.0)) != 0);
    printf("sqrt(2) = %.17g, sqrtf(2) = %.9g\n", sqrt(2.0), (double)sqrtf(2.0f));
    printf("fabs %g, copysign %g, fmod %g, remainder %g\n", fabs(-3.5), copysign(3.0, -0.0), fmod(7.5, 2.0), remainder(7.5, 2.0));
    float f = 16777217.0f;
    printf("float 16777217 -> %.1f, double 2^53+1 -> %.1f\n", (double)f, 9007199254740993.0);
    printf("sin(1) %.10f, exp(1) %.10f, log(10) %.10f, pow(2, 0.5) %.10f, atan2(1, 1) %.10f\n", sin(1.0), exp(1.0), log(10.0), pow(2.0, 0.5), atan2(1.0, 1.0));
    uint64_t bits;
    double d = 0.1;
    __builtin_memcpy(&bits, &d, 8);
    printf("bits of 0.1: %016llx\n", (unsigned long long)bits);
}

int main(void) {
    nbody(20000);
    mandelbrot();
    matrices();
    conversions();
    return 0;
}
