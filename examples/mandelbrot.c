/* The bundled WASI example: draws the Mandelbrot set as text, then greets
 * whoever is named on the command line. Build (Debian's clang, lld,
 * wasi-libc, libclang-rt-14-dev-wasm32):
 *   clang --target=wasm32-wasi -O2 -Wl,--strip-debug -o examples/mandelbrot.wasm examples/mandelbrot.c
 */
#include <stdio.h>

int main(int argc, char **argv) {
    const char *shades = " .:-=+*#%@";
    for (int row = 0; row < 24; row++) {
        for (int col = 0; col < 72; col++) {
            double cr = -2.2 + col * (3.2 / 72), ci = -1.2 + row * (2.4 / 24);
            double zr = 0, zi = 0;
            int n = 0;
            while (n < 200 && zr * zr + zi * zi < 4) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                n++;
            }
            putchar(n == 200 ? '@' : shades[n % 9]);
        }
        putchar('\n');
    }
    printf("hello from WebAssembly, %s!\n", argc > 1 ? argv[1] : "world");
    return 0;
}
