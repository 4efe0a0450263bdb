/* mandelbrot: escape-time iteration over a grid of the complex plane, the
 * membership bits packed eight to a byte and hashed (FNV-1a). Floating
 * point: a short dependent chain of multiplies and adds per iteration. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 2800;
    const int max_iter = 50;
    uint64_t hash = 1469598103934665603ULL;
    long inside = 0;
    for (int y = 0; y < n; y++) {
        double ci = 2.0 * y / n - 1.0;
        unsigned byte = 0;
        int bits = 0;
        for (int x = 0; x < n; x++) {
            double cr = 2.0 * x / n - 1.5;
            double zr = 0, zi = 0, tr = 0, ti = 0;
            int i = 0;
            while (i < max_iter && tr + ti <= 4.0) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
                i++;
            }
            int in = tr + ti <= 4.0;
            inside += in;
            byte = (byte << 1) | in;
            if (++bits == 8 || x == n - 1) {
                hash = (hash ^ byte) * 1099511628211ULL;
                byte = 0;
                bits = 0;
            }
        }
    }
    printf("%ld %016llx\n", inside, (unsigned long long)hash);
    return 0;
}
