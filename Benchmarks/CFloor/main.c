// The C floor for gptimg's benchmark: each task as a minimal C program on the same system
// libraries and settings as gptimg — decode into one RGBA buffer, one pass, encode.
//
//   cfloor TASK INPUT OUTPUT [ITERATIONS]
//
// Prints one JSON line: task, input, median wall and CPU milliseconds per image, peak RSS
// and the output size. Errors go to stderr with exit status 1.
#include <png.h>
#include <stdio.h>
#include <jpeglib.h>
#include <webp/decode.h>
#include <webp/encode.h>

#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct { uint8_t *data; size_t size, capacity; } Bytes;
typedef struct { int width, height; uint8_t *rgba; } Image;

static void die(const char *what) { fprintf(stderr, "cfloor: %s\n", what); exit(1); }

static void bytes_append(Bytes *b, const uint8_t *data, size_t n) {
    if (b->size + n > b->capacity) {
        size_t cap = b->capacity ? b->capacity * 2 : 1 << 16;
        while (cap < b->size + n) cap *= 2;
        b->data = realloc(b->data, cap);
        if (!b->data) die("out of memory");
        b->capacity = cap;
    }
    memcpy(b->data + b->size, data, n);
    b->size += n;
}

static Bytes read_file(const char *path) {
    Bytes b = {0};
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open input");
    uint8_t chunk[1 << 16];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) bytes_append(&b, chunk, n);
    fclose(f);
    return b;
}

static void write_file(const char *path, const Bytes *b) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->data, 1, b->size, f) != b->size) die("cannot write output");
    fclose(f);
}

// ---- PNG ----
typedef struct { const uint8_t *data; size_t size, offset; } Reader;

static void png_read_mem(png_structp png, png_bytep out, png_size_t n) {
    Reader *r = png_get_io_ptr(png);
    if (r->offset + n > r->size) png_error(png, "truncated");
    memcpy(out, r->data + r->offset, n);
    r->offset += n;
}

static Image png_decode(const Bytes *in) {
    Image img = {0};
    Reader reader = {in->data, in->size, 0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) die("png decode failed");
    png_set_read_fn(png, &reader, png_read_mem);
    png_read_info(png, info);
    int color = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_strip_16(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    img.width = (int)png_get_image_width(png, info);
    img.height = (int)png_get_image_height(png, info);
    img.rgba = malloc((size_t)img.width * img.height * 4);
    png_bytep *rows = malloc(sizeof(png_bytep) * img.height);
    for (int y = 0; y < img.height; y++) rows[y] = img.rgba + (size_t)y * img.width * 4;
    png_read_image(png, rows);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    return img;
}

static void png_write_mem(png_structp png, png_bytep data, png_size_t n) { bytes_append(png_get_io_ptr(png), data, n); }
static void png_flush_mem(png_structp png) { (void)png; }

static int is_opaque(const Image *img) {
    size_t n = (size_t)img->width * img->height * 4;
    for (size_t i = 3; i < n; i += 4) if (img->rgba[i] != 255) return 0;
    return 1;
}

// Writes RGBA, or RGB when every pixel is opaque, at zlib level 6 with adaptive filters.
static Bytes png_encode(const Image *img, int drop_opaque_alpha) {
    Bytes out = {0};
    int rgb = drop_opaque_alpha && is_opaque(img);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) die("png encode failed");
    png_set_write_fn(png, &out, png_write_mem, png_flush_mem);
    png_set_compression_level(png, 6);
    png_set_filter(png, 0, PNG_ALL_FILTERS);
    png_set_IHDR(png, info, img->width, img->height, 8, rgb ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (rgb) png_set_filler(png, 0, PNG_FILLER_AFTER);  // strips the 4th byte on write
    for (int y = 0; y < img->height; y++) png_write_row(png, img->rgba + (size_t)y * img->width * 4);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return out;
}

// ---- JPEG ----
struct jpeg_fail { struct jpeg_error_mgr mgr; jmp_buf jump; };
static void jpeg_fail_exit(j_common_ptr cinfo) { longjmp(((struct jpeg_fail *)cinfo->err)->jump, 1); }

static Image jpeg_decode(const Bytes *in) {
    Image img = {0};
    struct jpeg_decompress_struct cinfo;
    struct jpeg_fail err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jpeg_fail_exit;
    if (setjmp(err.jump)) die("jpeg decode failed");
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, in->data, in->size);
    jpeg_read_header(&cinfo, TRUE);
    cinfo.out_color_space = JCS_EXT_RGBA;
    jpeg_start_decompress(&cinfo);
    img.width = cinfo.output_width;
    img.height = cinfo.output_height;
    img.rgba = malloc((size_t)img.width * img.height * 4);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = img.rgba + (size_t)cinfo.output_scanline * img.width * 4;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return img;
}

static Bytes jpeg_encode(const Image *img, int quality) {
    Bytes out = {0};
    unsigned char *mem = NULL;
    unsigned long mem_size = 0;
    struct jpeg_compress_struct cinfo;
    struct jpeg_fail err;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = jpeg_fail_exit;
    if (setjmp(err.jump)) die("jpeg encode failed");
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, &mem, &mem_size);
    cinfo.image_width = img->width;
    cinfo.image_height = img->height;
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_EXT_RGBA;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = img->rgba + (size_t)cinfo.next_scanline * img->width * 4;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    bytes_append(&out, mem, mem_size);
    free(mem);
    return out;
}

// ---- WebP ----
static Image webp_decode(const Bytes *in) {
    Image img = {0};
    img.rgba = WebPDecodeRGBA(in->data, in->size, &img.width, &img.height);
    if (!img.rgba) die("webp decode failed");
    return img;
}

static int webp_write_mem(const uint8_t *data, size_t n, const WebPPicture *pic) {
    bytes_append(pic->custom_ptr, data, n);
    return 1;
}

static Bytes webp_encode(const Image *img, float quality) {
    Bytes out = {0};
    WebPConfig config;
    WebPPicture pic;
    if (!WebPConfigInit(&config) || !WebPPictureInit(&pic)) die("libwebp version mismatch");
    config.quality = quality;
    config.method = 4;
    pic.use_argb = 0;
    pic.width = img->width;
    pic.height = img->height;
    if (!WebPPictureImportRGBA(&pic, img->rgba, img->width * 4)) die("webp import failed");
    pic.writer = webp_write_mem;
    pic.custom_ptr = &out;
    if (!WebPEncode(&config, &pic)) die("webp encode failed");
    WebPPictureFree(&pic);
    return out;
}

// ---- Resize: Lanczos-3, separable, in premultiplied alpha ----
static double lanczos3(double x) {
    x = fabs(x);
    if (x < 1e-8) return 1.0;
    if (x >= 3.0) return 0.0;
    double px = M_PI * x;
    return 3.0 * sin(px) * sin(px / 3.0) / (px * px);
}

typedef struct { int *start, *count; float *weights; int taps; } Kernel;

static Kernel make_kernel(int src, int dst) {
    Kernel k;
    double scale = (double)src / dst, support = scale > 1 ? 3.0 * scale : 3.0;
    double fscale = scale > 1 ? scale : 1.0;
    k.taps = (int)ceil(support * 2) + 3;
    k.start = malloc(sizeof(int) * dst);
    k.count = malloc(sizeof(int) * dst);
    k.weights = calloc((size_t)dst * k.taps, sizeof(float));
    for (int i = 0; i < dst; i++) {
        double center = (i + 0.5) * scale;
        int lo = (int)floor(center - support), hi = (int)ceil(center + support);
        // Taps beyond an edge repeat the edge pixel: their weight joins the edge tap's.
        int first = lo < 0 ? 0 : lo > src - 1 ? src - 1 : lo;
        int last = hi < 0 ? 0 : hi > src - 1 ? src - 1 : hi;
        int n = last - first + 1;
        double taps[64] = {0}, sum = 0;
        if (n > 64) die("resize factor too large for the floor");
        for (int j = lo; j <= hi; j++) {
            double w = lanczos3((j + 0.5 - center) / fscale);
            if (w == 0) continue;
            int clamped = j < 0 ? 0 : j > src - 1 ? src - 1 : j;
            taps[clamped - first] += w;
            sum += w;
        }
        for (int m = 0; m < n; m++) k.weights[(size_t)i * k.taps + m] = (float)(sum != 0 ? taps[m] / sum : m == 0);
        k.start[i] = first;
        k.count[i] = n;
    }
    return k;
}

static Image resize_fit(const Image *src, int box) {
    double s = fmin((double)box / src->width, (double)box / src->height);
    if (s > 1) s = 1;
    int dw = (int)lround(src->width * s), dh = (int)lround(src->height * s);
    if (dw < 1) dw = 1;
    if (dh < 1) dh = 1;
    size_t sp = (size_t)src->width * src->height;
    float *pre = malloc(sp * 4 * sizeof(float));
    for (size_t i = 0; i < sp; i++) {
        float a = src->rgba[i * 4 + 3] / 255.0f;
        pre[i * 4] = src->rgba[i * 4] * a;
        pre[i * 4 + 1] = src->rgba[i * 4 + 1] * a;
        pre[i * 4 + 2] = src->rgba[i * 4 + 2] * a;
        pre[i * 4 + 3] = src->rgba[i * 4 + 3];
    }
    Kernel kx = make_kernel(src->width, dw), ky = make_kernel(src->height, dh);
    float *mid = malloc((size_t)dw * src->height * 4 * sizeof(float));
    for (int y = 0; y < src->height; y++) {
        const float *row = pre + (size_t)y * src->width * 4;
        for (int x = 0; x < dw; x++) {
            float acc[4] = {0, 0, 0, 0};
            const float *w = kx.weights + (size_t)x * kx.taps;
            const float *p = row + (size_t)kx.start[x] * 4;
            for (int t = 0; t < kx.count[x]; t++, p += 4)
                for (int c = 0; c < 4; c++) acc[c] += p[c] * w[t];
            memcpy(mid + ((size_t)y * dw + x) * 4, acc, sizeof acc);
        }
    }
    Image out = {dw, dh, malloc((size_t)dw * dh * 4)};
    for (int y = 0; y < dh; y++) {
        const float *w = ky.weights + (size_t)y * ky.taps;
        for (int x = 0; x < dw; x++) {
            float acc[4] = {0, 0, 0, 0};
            for (int t = 0; t < ky.count[y]; t++) {
                const float *p = mid + ((size_t)(ky.start[y] + t) * dw + x) * 4;
                for (int c = 0; c < 4; c++) acc[c] += p[c] * w[t];
            }
            float a = acc[3] < 0 ? 0 : acc[3] > 255 ? 255 : acc[3];
            uint8_t *o = out.rgba + ((size_t)y * dw + x) * 4;
            o[3] = (uint8_t)(a + 0.5f);
            if (o[3] == 0) { o[0] = o[1] = o[2] = 0; continue; }  // transparent black
            float unpremultiply = 255.0f / a;
            for (int c = 0; c < 3; c++) {
                // Lanczos lobes can push a premultiplied colour outside 0..alpha.
                float v = (acc[c] < 0 ? 0 : acc[c] > a ? a : acc[c]) * unpremultiply;
                o[c] = (uint8_t)(v > 255 ? 255 : v + 0.5f);
            }
        }
    }
    free(pre); free(mid);
    free(kx.start); free(kx.count); free(kx.weights);
    free(ky.start); free(ky.count); free(ky.weights);
    return out;
}

// ---- Mask: luminance over white < 128 -> alpha 0 (edit), else 255 (keep); colour white ----
static void make_mask(Image *img) {
    size_t n = (size_t)img->width * img->height * 4;
    uint8_t *p = img->rgba;
    for (size_t i = 0; i < n; i += 4) {
        unsigned luma = (77u * p[i] + 150u * p[i + 1] + 29u * p[i + 2] + 128u) >> 8;
        unsigned a = p[i + 3];
        if (a != 255) luma = (luma * a + 255u * (255u - a) + 127u) / 255u;
        p[i] = p[i + 1] = p[i + 2] = 255;
        p[i + 3] = luma < 128 ? 0 : 255;
    }
}

static Bytes run_task(const char *task, const Bytes *in) {
    Image img;
    Bytes out;
    if (!strcmp(task, "T1")) {
        img = png_decode(in);
        out = webp_encode(&img, 80);
    } else if (!strcmp(task, "T2")) {
        img = png_decode(in);
        Image small = resize_fit(&img, 256);
        out = png_encode(&small, 1);
        free(small.rgba);
    } else if (!strcmp(task, "T3")) {
        img = png_decode(in);
        out = png_encode(&img, 1);
    } else if (!strcmp(task, "T4")) {
        img = jpeg_decode(in);
        out = jpeg_encode(&img, 85);
    } else if (!strcmp(task, "T5")) {
        img = webp_decode(in);
        out = png_encode(&img, 1);
        WebPFree(img.rgba);
        return out;
    } else if (!strcmp(task, "T6")) {
        img = png_decode(in);
        make_mask(&img);
        out = png_encode(&img, 0);
    } else {
        die("unknown task (T1-T6)");
        return (Bytes){0};
    }
    free(img.rgba);
    return out;
}

static double now_ms(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 4) die("usage: cfloor TASK INPUT OUTPUT [ITERATIONS]");
    int iterations = argc > 4 ? atoi(argv[4]) : 3;
    if (iterations < 1) iterations = 1;
    double *wall = malloc(sizeof(double) * iterations), *cpu = malloc(sizeof(double) * iterations);
    Bytes out = {0};
    for (int i = 0; i < iterations; i++) {
        double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        Bytes in = read_file(argv[2]);
        if (out.data) free(out.data);
        out = run_task(argv[1], &in);
        write_file(argv[3], &out);
        free(in.data);
        wall[i] = now_ms(CLOCK_MONOTONIC) - w0;
        cpu[i] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    }
    qsort(wall, iterations, sizeof(double), compare_doubles);
    qsort(cpu, iterations, sizeof(double), compare_doubles);
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("{\"task\":\"%s\",\"input\":\"%s\",\"wall_ms\":%.3f,\"cpu_ms\":%.3f,\"peak_rss_kb\":%ld,\"output_bytes\":%zu}\n",
           argv[1], argv[2], wall[iterations / 2], cpu[iterations / 2], usage.ru_maxrss, out.size);
    return 0;
}
