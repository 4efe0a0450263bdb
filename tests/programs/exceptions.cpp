// C++ exceptions, thrown and caught as a C++ program does: across frames
// whose destructors run, by base class, rethrown, caught by `...` and by
// type, thrown inside libc++ (vector::at, stoi), thrown from a handler,
// and a thousand times in a loop. Built by build-cxx.sh for wasm32-wasi
// with WebAssembly exceptions in both encodings (legacy try/catch and
// try_table/exnref) and natively; rustyjit must print what the native
// build prints.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

struct Guard {
    const char *name;
    explicit Guard(const char *n) : name(n) { std::printf("  enter %s\n", name); }
    ~Guard() { std::printf("  leave %s\n", name); }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

__attribute__((noinline)) int level3(int x) {
    Guard g("level3");
    if (x > 2) throw MyError("level3 failed for x=" + std::to_string(x), x * 10);
    return x;
}
__attribute__((noinline)) int level2(int x) {
    Guard g("level2");
    return level3(x + 1) + 1;
}
__attribute__((noinline)) int level1(int x) {
    Guard g("level1");
    try {
        return level2(x + 1) + 1;
    } catch (const std::runtime_error &e) {  // catch by base class
        std::printf("  level1 caught runtime_error: %s\n", e.what());
        throw;  // rethrow the same object
    }
}

int main() {
    int passed = 0, failed = 0;
    auto check = [&](bool ok, const char *what) {
        std::printf("%s: %s\n", ok ? "ok" : "FAIL", what);
        ok ? ++passed : ++failed;
    };

    std::printf("test 1: no throw\n");
    check(level1(0) == 4, "level1(0) == 4");

    std::printf("test 2: throw across frames, catch by base, rethrow, catch derived\n");
    try {
        level1(1);
        check(false, "should have thrown");
    } catch (const MyError &e) {
        std::printf("  main caught MyError code=%d what=%s\n", e.code, e.what());
        check(e.code == 30, "code == 30");
    }

    std::printf("test 3: catch(...)\n");
    try {
        Guard g("test3");
        throw 42;
    } catch (...) {
        check(true, "catch(...) reached");
    }

    std::printf("test 4: int caught by type\n");
    try {
        throw 7;
    } catch (const std::exception &) {
        check(false, "int must not match std::exception");
    } catch (int v) {
        check(v == 7, "caught int 7");
    }

    std::printf("test 5: std::vector::at out_of_range\n");
    std::vector<int> v{1, 2, 3};
    try {
        std::printf("  v.at(5) = %d\n", v.at(5));
        check(false, "should have thrown");
    } catch (const std::out_of_range &e) {
        check(true, "caught std::out_of_range");
    }

    std::printf("test 6: std::stoi invalid_argument (thrown inside libc++)\n");
    try {
        (void)std::stoi("not a number");
        check(false, "should have thrown");
    } catch (const std::invalid_argument &) {
        check(true, "caught std::invalid_argument");
    }

    std::printf("test 7: nested try, exception thrown in catch handler\n");
    try {
        try {
            throw std::logic_error("inner");
        } catch (const std::logic_error &e) {
            std::printf("  inner caught %s, throwing outer\n", e.what());
            throw std::runtime_error(std::string("outer after ") + e.what());
        }
    } catch (const std::exception &e) {
        check(std::string(e.what()) == "outer after inner", "caught outer after inner");
    }

    std::printf("test 8: loop of 1000 throws\n");
    int sum = 0;
    for (int i = 0; i < 1000; i++) {
        try {
            if (i % 3 == 0) throw i;
            sum += 1;
        } catch (int k) {
            sum += 2;
        }
    }
    check(sum == 334 * 2 + 666, "sum == 1334");

    std::printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
