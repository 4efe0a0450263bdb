/* Files in the current (preopened) directory: create, write, read back,
 * seek, append, truncate, pread/pwrite, stat, rename, list, link, symlink,
 * remove; and the errors of doing it wrong. Errors print errno's name, not
 * strerror's text, which differs between C libraries. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errname(int e) {
    switch (e) {
    case 0: return "OK";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ELOOP: return "ELOOP";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    default: return "other";
    }
}

#define CHECK(what, expr)                                                   \
    do {                                                                    \
        errno = 0;                                                          \
        long r_ = (long)(expr);                                             \
        printf("%-34s -> %s\n", what, r_ < 0 ? errname(errno) : "OK");      \
    } while (0)

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        printf("opendir %s: %s\n", dir, errname(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char *s = malloc(strlen(e->d_name) + 3);
        const char *t = e->d_type == DT_DIR ? "/" : e->d_type == DT_LNK ? "@" : "";
        sprintf(s, "%s%s", e->d_name, t);
        names[n++] = s;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof(char *), cmp);
    printf("ls %s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void cat(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("cat %s: %s\n", path, errname(errno));
        return;
    }
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    printf("cat %s: \"%s\"\n", path, buf);
    fclose(f);
}

int main(void) {
    /* Create and write with stdio, read it back. */
    FILE *f = fopen("notes.txt", "w");
    if (!f) {
        printf("fopen for writing failed: %s\n", errname(errno));
        return 1;
    }
    for (int i = 0; i < 5; i++) fprintf(f, "line %d: %s\n", i, i % 2 ? "odd" : "even");
    fclose(f);
    cat("notes.txt");

    /* Seek and tell. */
    f = fopen("notes.txt", "r+");
    fseek(f, 0, SEEK_END);
    printf("size by ftell: %ld\n", ftell(f));
    fseek(f, 7, SEEK_SET);
    char word[8] = {0};
    fread(word, 1, 4, f);
    printf("at 7: \"%s\", now at %ld\n", word, ftell(f));
    fseek(f, -5, SEEK_END);
    fputs("EVEN\n", f);
    fseek(f, -10, SEEK_CUR);
    printf("after SEEK_CUR: %ld\n", ftell(f));
    fclose(f);
    cat("notes.txt");

    /* Append mode, then truncate. */
    f = fopen("notes.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    struct stat st;
    stat("notes.txt", &st);
    printf("size after append: %lld, regular: %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    CHECK("truncate(notes.txt, 12)", truncate("notes.txt", 12));
    cat("notes.txt");

    /* POSIX descriptors: pwrite and pread leave the position alone. */
    int fd = open("raw.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("open raw.bin: %s\n", fd >= 0 ? "OK" : errname(errno));
    unsigned char data[256];
    for (int i = 0; i < 256; i++) data[i] = (unsigned char)i;
    printf("write: %zd\n", write(fd, data, sizeof data));
    printf("pwrite: %zd\n", pwrite(fd, "XYZ", 3, 100));
    unsigned char back[4] = {0};
    printf("pread: %zd ->", pread(fd, back, 4, 99));
    for (int i = 0; i < 4; i++) printf(" %02x", back[i]);
    printf("\nposition: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("lseek END-6: %lld\n", (long long)lseek(fd, -6, SEEK_END));
    printf("read: %zd\n", read(fd, back, 4));
    printf("lseek beyond end: %lld\n", (long long)lseek(fd, 1000, SEEK_SET));
    printf("write there: %zd\n", write(fd, "!", 1));
    fstat(fd, &st);
    printf("size with a hole: %lld\n", (long long)st.st_size);
    CHECK("ftruncate(raw.bin, 10)", ftruncate(fd, 10));
    fstat(fd, &st);
    printf("size after ftruncate: %lld\n", (long long)st.st_size);
    CHECK("fsync", fsync(fd));
    CHECK("close", close(fd));
    CHECK("close again", close(fd));

    /* Directories, rename, list. */
    CHECK("mkdir(dir)", mkdir("dir", 0755));
    CHECK("mkdir(dir) again", mkdir("dir", 0755));
    CHECK("mkdir(dir/sub)", mkdir("dir/sub", 0755));
    CHECK("rename(notes.txt, dir/moved.txt)", rename("notes.txt", "dir/moved.txt"));
    CHECK("rename(missing, x)", rename("missing", "x"));
    cat("dir/moved.txt");
    cat("notes.txt");
    CHECK("link(dir/moved.txt, hard.txt)", link("dir/moved.txt", "hard.txt"));
    stat("hard.txt", &st);
    printf("links: %lu\n", (unsigned long)st.st_nlink);
    CHECK("symlink(dir/moved.txt, soft)", symlink("dir/moved.txt", "soft"));
    char target[64] = {0};
    printf("readlink(soft): %zd \"%s\"\n", readlink("soft", target, sizeof target - 1), target);
    cat("soft");
    struct stat lst;
    lstat("soft", &lst);
    printf("lstat is link: %d, stat is file: %d\n", S_ISLNK(lst.st_mode), stat("soft", &st) == 0 && S_ISREG(st.st_mode));
    list(".");
    list("dir");

    /* Errors. */
    CHECK("open(missing, O_RDONLY)", open("missing", O_RDONLY));
    CHECK("open(dir, O_WRONLY)", open("dir", O_WRONLY));
    CHECK("open(raw.bin, O_CREAT|O_EXCL)", open("raw.bin", O_WRONLY | O_CREAT | O_EXCL, 0644));
    CHECK("open(raw.bin/x)", open("raw.bin/x", O_RDONLY));
    CHECK("rmdir(dir) not empty", rmdir("dir"));
    CHECK("unlink(dir)", unlink("dir"));
    CHECK("rmdir(raw.bin)", rmdir("raw.bin"));
    CHECK("opendir(raw.bin)", opendir("raw.bin") ? 0 : -1);

    /* Clean up everything. */
    CHECK("unlink(soft)", unlink("soft"));
    CHECK("unlink(hard.txt)", unlink("hard.txt"));
    CHECK("unlink(dir/moved.txt)", unlink("dir/moved.txt"));
    CHECK("rmdir(dir/sub)", rmdir("dir/sub"));
    CHECK("rmdir(dir)", rmdir("dir"));
    CHECK("unlink(raw.bin)", unlink("raw.bin"));
    CHECK("unlink(raw.bin) again", unlink("raw.bin"));
    list(".");
    return 0;
}
