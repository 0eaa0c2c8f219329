/*
 * A LayerNorm kernel process in plain C: the NormCheck kernel protocol
 * (Protocol.md) from a language without numpy or a JSON library.
 *
 *     cc -O2 -std=c11 -o layer_norm_kernel layer_norm_kernel.c -lm
 *     normcheck gate --kernel-cmd ./layer_norm_kernel --normalizers layer
 *
 * LayerNorm (Ba et al. 2016) over (C, H, W) of each sample, per-channel gamma
 * and beta, training mode, NCHW and NHWC, forward and backward. Sums are
 * accumulated in double and the variance is two-pass, so the kernel meets
 * NormCheck's generic Float bound whatever the data's mean.
 *
 * The JSON reading is deliberately minimal: NormCheck writes each header on
 * one line with fixed member names, so looking a member up by its quoted
 * name is enough here. A client in a language with a JSON library should
 * parse the header properly.
 */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ARRAYS = 16 };

struct array {
    char name[32];
    long count;
    float *values;
};

/* The text after "key": (whitespace skipped), or NULL. */
static const char *member(const char *from, const char *key) {
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *p = strstr(from, quoted);
    if (!p) return NULL;
    p += strlen(quoted);
    while (*p == ' ' || *p == ':') p++;
    return p;
}

/* Whether member `key` is the string `value`. */
static int is(const char *header, const char *key, const char *value) {
    const char *p = member(header, key);
    size_t length = strlen(value);
    return p && p[0] == '"' && strncmp(p + 1, value, length) == 0 && p[1 + length] == '"';
}

/* Reads count little-endian float32 values, decoding them in place (a no-op on a little-endian machine). */
static int read_floats(float *values, long count) {
    if (fread(values, 4, (size_t)count, stdin) != (size_t)count) return 0;
    unsigned char *bytes = (unsigned char *)values;
    for (long i = 0; i < count; i++) {
        const unsigned char *b = bytes + 4 * i;
        uint32_t bits = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
        memcpy(&values[i], &bits, 4);
    }
    return 1;
}

/* Writes count float32 values little-endian, through a 16 KiB buffer. */
static void write_floats(const float *values, long count) {
    unsigned char chunk[16384];
    for (long start = 0; start < count; start += sizeof chunk / 4) {
        long n = count - start < (long)(sizeof chunk / 4) ? count - start : (long)(sizeof chunk / 4);
        for (long i = 0; i < n; i++) {
            uint32_t bits;
            memcpy(&bits, &values[start + i], 4);
            unsigned char *b = chunk + 4 * i;
            b[0] = bits & 0xFF, b[1] = bits >> 8 & 0xFF, b[2] = bits >> 16 & 0xFF, b[3] = bits >> 24;
        }
        fwrite(chunk, 4, (size_t)n, stdout);
    }
}

static float *find(struct array *arrays, int count, const char *name) {
    for (int i = 0; i < count; i++)
        if (strcmp(arrays[i].name, name) == 0) return arrays[i].values;
    return NULL;
}

/* Index of (n, c, s) where s = h*W + w, in the request's layout. */
static long at(int nhwc, long n, long c, long s, long C, long S) {
    return nhwc ? (n * S + s) * C + c : (n * C + c) * S + s;
}

static void forward(long N, long C, long S, int nhwc, double eps, const float *x, const float *gamma,
                    const float *beta, float *y, float *mean, float *rstd) {
    for (long n = 0; n < N; n++) {
        double sum = 0, squares = 0;
        for (long c = 0; c < C; c++)
            for (long s = 0; s < S; s++) sum += x[at(nhwc, n, c, s, C, S)];
        double mu = sum / (double)(C * S);
        for (long c = 0; c < C; c++)
            for (long s = 0; s < S; s++) {
                double d = x[at(nhwc, n, c, s, C, S)] - mu;
                squares += d * d;
            }
        float r = (float)(1.0 / sqrt(squares / (double)(C * S) + eps));
        mean[n] = (float)mu;
        rstd[n] = r;
        for (long c = 0; c < C; c++)
            for (long s = 0; s < S; s++) {
                long i = at(nhwc, n, c, s, C, S);
                y[i] = gamma[c] * ((x[i] - mean[n]) * r) + beta[c];
            }
    }
}

/* dx = rstd (g - mean(g) - xhat mean(g xhat)) with g = gamma dy, per sample. */
static void backward(long N, long C, long S, int nhwc, const float *x, const float *gamma, const float *mean,
                     const float *rstd, const float *dy, float *dx, float *dgamma, float *dbeta) {
    double *sums = calloc((size_t)(2 * C), sizeof(double));
    for (long n = 0; n < N; n++) {
        double sum_g = 0, sum_gx = 0;
        for (long c = 0; c < C; c++)
            for (long s = 0; s < S; s++) {
                long i = at(nhwc, n, c, s, C, S);
                double xhat = (x[i] - mean[n]) * rstd[n];
                sum_g += (double)gamma[c] * dy[i];
                sum_gx += (double)gamma[c] * dy[i] * xhat;
                sums[c] += (double)dy[i] * xhat;
                sums[C + c] += dy[i];
            }
        double m = (double)(C * S);
        for (long c = 0; c < C; c++)
            for (long s = 0; s < S; s++) {
                long i = at(nhwc, n, c, s, C, S);
                double xhat = (x[i] - mean[n]) * rstd[n];
                dx[i] = (float)(rstd[n] * ((double)gamma[c] * dy[i] - sum_g / m - xhat * sum_gx / m));
            }
    }
    for (long c = 0; c < C; c++) {
        dgamma[c] = (float)sums[c];
        dbeta[c] = (float)sums[C + c];
    }
    free(sums);
}

/* An ok reply carrying three arrays: the header, then their bytes in the announced order. */
static void reply_ok(const char *names[3], const long counts[3], float *values[3]) {
    printf("{\"status\":\"ok\",\"arrays\":[");
    for (int i = 0; i < 3; i++) printf("%s{\"name\":\"%s\",\"count\":%ld}", i ? "," : "", names[i], counts[i]);
    printf("]}\n");
    for (int i = 0; i < 3; i++) write_floats(values[i], counts[i]);
}

static void reply_error(const char *kind, const char *message) {
    printf("{\"status\":\"error\",\"error\":\"%s\",\"message\":\"%s\"}\n", kind, message);
}

int main(void) {
    printf("{\"protocol\":\"normcheck-kernel\",\"version\":1,\"name\":\"c-layer-norm\",\"dtypes\":[\"float32\"],"
           "\"supports\":{\"normalizers\":[\"layer\"],\"modes\":[\"training\"],\"layouts\":[\"nchw\",\"nhwc\"]}}\n");
    fflush(stdout);
    char *header = NULL;
    size_t capacity = 0;
    while (getline(&header, &capacity, stdin) > 0) {
        struct array arrays[MAX_ARRAYS];
        int count = 0;
        const char *p = member(header, "arrays");
        while (p && (p = member(p, "name")) && count < MAX_ARRAYS) {
            struct array *a = &arrays[count++];
            sscanf(p, "\"%31[^\"]\"", a->name);
            p = member(p, "count");
            a->count = strtol(p, NULL, 10);
            a->values = malloc((size_t)(a->count > 0 ? a->count : 1) * sizeof(float));
            if (!a->values) return 1;
        }
        for (int i = 0; i < count; i++)
            if (!read_floats(arrays[i].values, arrays[i].count)) return 1;
        long N = 0, C = 0, H = 0, W = 0;
        const char *shape = member(header, "shape"), *eps = member(header, "eps");
        if (!shape || !eps || sscanf(shape, "[%ld, %ld, %ld, %ld]", &N, &C, &H, &W) != 4) {
            fprintf(stderr, "c-layer-norm: a request header without shape or eps: %s", header);
            return 1;
        }
        int nhwc = is(header, "layout", "nhwc");
        float *x = find(arrays, count, "x"), *gamma = find(arrays, count, "gamma");
        if (!is(header, "kind", "layer") || !is(header, "mode", "training")) {
            reply_error("unsupported", "this kernel implements LayerNorm training only");
        } else if (is(header, "request", "forward")) {
            float *y = malloc((size_t)(N * C * H * W) * sizeof(float)), *mean = malloc((size_t)N * sizeof(float)),
                  *rstd = malloc((size_t)N * sizeof(float));
            forward(N, C, H * W, nhwc, strtod(eps, NULL), x, gamma, find(arrays, count, "beta"), y,
                    mean, rstd);
            reply_ok((const char *[]){"y", "mean", "rstd"}, (long[]){N * C * H * W, N, N}, (float *[]){y, mean, rstd});
            free(y), free(mean), free(rstd);
        } else {
            float *dx = malloc((size_t)(N * C * H * W) * sizeof(float)), *dgamma = malloc((size_t)C * sizeof(float)),
                  *dbeta = malloc((size_t)C * sizeof(float));
            backward(N, C, H * W, nhwc, x, gamma, find(arrays, count, "mean"), find(arrays, count, "rstd"),
                     find(arrays, count, "dy"), dx, dgamma, dbeta);
            reply_ok((const char *[]){"dx", "dgamma", "dbeta"}, (long[]){N * C * H * W, C, C},
                     (float *[]){dx, dgamma, dbeta});
            free(dx), free(dgamma), free(dbeta);
        }
        fflush(stdout);
        for (int i = 0; i < count; i++) free(arrays[i].values);
    }
    free(header);
    return 0;
}
