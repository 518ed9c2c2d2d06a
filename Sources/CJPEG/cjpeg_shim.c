#include "cjpeg.h"

#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

// Every setjmp of libjpeg lives in this file, in the frame of the function that calls
// libjpeg; the error manager formats the message into the caller's buffer before jumping.

typedef struct {
    struct jpeg_error_mgr manager;  // first, so libjpeg's pointer is ours
    jmp_buf jump;
    char *message;
    size_t message_capacity;
    cjpeg_status failure;
    int corrupt_warnings;
    int all_rows_read;  // a missing EOI after the last row is harmless
} cjpeg_error_context;

static void copy_message(char *destination, size_t capacity, const char *text) {
    if (destination == NULL || capacity == 0) return;
    strncpy(destination, text, capacity - 1);
    destination[capacity - 1] = '\0';
}

static void record_message(j_common_ptr cinfo) {
    cjpeg_error_context *context = (cjpeg_error_context *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    copy_message(context->message, context->message_capacity, text);
}

static void on_error(j_common_ptr cinfo) {
    cjpeg_error_context *context = (cjpeg_error_context *)cinfo->err;
    int code = cinfo->err->msg_code;
    record_message(cinfo);
    context->failure = (code == JERR_BAD_PRECISION || code == JERR_SOF_UNSUPPORTED
                        || code == JERR_ARITH_NOTIMPL || code == JERR_NOT_COMPILED)
                           ? CJPEG_UNSUPPORTED : CJPEG_ERROR;
    longjmp(context->jump, 1);
}

static void on_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    cjpeg_error_context *context = (cjpeg_error_context *)cinfo->err;
    cinfo->err->num_warnings++;
    // The data ran out: libjpeg would pad the rest with grey, which is not the image.
    if (cinfo->err->msg_code == JWRN_JPEG_EOF && !context->all_rows_read) {
        record_message(cinfo);
        context->failure = CJPEG_TRUNCATED;
        longjmp(context->jump, 1);
    }
    // Corrupt-data warnings are counted (the first one's words kept); the image libjpeg
    // recovers is still returned.
    if (context->corrupt_warnings == 0) record_message(cinfo);
    context->corrupt_warnings++;
}

// A progressive file can hold thousands of tiny scans, each making libjpeg walk the whole
// image again; real encoders write about ten. Refusing absurd counts keeps decoding bounded.
#define CJPEG_MAX_SCANS 500

static void on_progress(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr decompress = (j_decompress_ptr)cinfo;
    if (decompress->input_scan_number > CJPEG_MAX_SCANS) {
        cjpeg_error_context *context = (cjpeg_error_context *)cinfo->err;
        char text[96];
        snprintf(text, sizeof text, "more than %d scans (the file is corrupt or hostile)", CJPEG_MAX_SCANS);
        copy_message(context->message, context->message_capacity, text);
        context->failure = CJPEG_ERROR;
        longjmp(context->jump, 1);
    }
}

static void install_error_manager(cjpeg_error_context *context, char *message, size_t capacity) {
    memset(context, 0, sizeof(*context));
    jpeg_std_error(&context->manager);
    context->manager.error_exit = on_error;
    context->manager.emit_message = on_message;
    context->message = message;
    context->message_capacity = capacity;
    context->failure = CJPEG_ERROR;
}

// Copies the first "Exif\0\0" APP1 payload (the TIFF structure after those six bytes).
static void copy_exif(j_decompress_ptr cinfo, uint8_t *exif, size_t capacity, size_t *exif_size) {
    *exif_size = 0;
    if (exif == NULL) return;
    for (jpeg_saved_marker_ptr marker = cinfo->marker_list; marker != NULL; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < 6) continue;
        if (memcmp(marker->data, "Exif\0\0", 6) != 0) continue;
        size_t length = marker->data_length - 6;
        if (length > capacity) length = capacity;
        memcpy(exif, marker->data + 6, length);
        *exif_size = length;
        return;
    }
}

static int map_color_space(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return CJPEG_CS_GRAYSCALE;
    case JCS_RGB: return CJPEG_CS_RGB;
    case JCS_YCbCr: return CJPEG_CS_YCBCR;
    case JCS_CMYK: return CJPEG_CS_CMYK;
    case JCS_YCCK: return CJPEG_CS_YCCK;
    default: return CJPEG_CS_UNKNOWN;
    }
}

static J_COLOR_SPACE output_space(J_COLOR_SPACE stored) {
    return (stored == JCS_CMYK || stored == JCS_YCCK) ? JCS_CMYK : JCS_EXT_RGBA;
}

cjpeg_status cjpeg_read_info(const uint8_t *data, size_t size, uint32_t minimum_width,
                             uint32_t minimum_height, cjpeg_info *info,
                             uint8_t *exif, size_t exif_capacity, size_t *exif_size,
                             char *message, size_t message_capacity) {
    struct jpeg_decompress_struct cinfo;
    cjpeg_error_context context;
    install_error_manager(&context, message, message_capacity);
    cinfo.err = &context.manager;
    *exif_size = 0;
    if (setjmp(context.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return context.failure;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    memset(info, 0, sizeof(*info));
    info->width = cinfo.image_width;
    info->height = cinfo.image_height;
    info->components = cinfo.num_components;
    info->color_space = map_color_space(cinfo.jpeg_color_space);
    info->progressive = cinfo.progressive_mode ? 1 : 0;
    info->arithmetic = cinfo.arith_code ? 1 : 0;
    copy_exif(&cinfo, exif, exif_capacity, exif_size);
    cinfo.out_color_space = output_space(cinfo.jpeg_color_space);
    cinfo.scale_denom = 8;
    int chosen = 8;
    if (minimum_width > 0 || minimum_height > 0) {
        uint32_t want_width = minimum_width < cinfo.image_width ? minimum_width : cinfo.image_width;
        uint32_t want_height = minimum_height < cinfo.image_height ? minimum_height : cinfo.image_height;
        for (int numerator = 1; numerator <= 8; numerator++) {
            cinfo.scale_num = numerator;
            jpeg_calc_output_dimensions(&cinfo);
            if (cinfo.output_width >= want_width && cinfo.output_height >= want_height) {
                chosen = numerator;
                break;
            }
        }
    }
    cinfo.scale_num = chosen;
    jpeg_calc_output_dimensions(&cinfo);
    info->scale_numerator = chosen;
    info->output_width = cinfo.output_width;
    info->output_height = cinfo.output_height;
    jpeg_destroy_decompress(&cinfo);
    return CJPEG_OK;
}

// libjpeg hands back Adobe-inverted CMYK; this is the naive conversion djpeg's PPM writer uses.
static void cmyk_to_rgba(uint8_t *row, uint32_t width) {
    for (uint32_t x = 0; x < width; x++) {
        uint8_t *p = row + (size_t)x * 4;
        unsigned c = p[0], m = p[1], y = p[2], k = p[3];
        p[0] = (uint8_t)((2 * c * k + 255) / 510);
        p[1] = (uint8_t)((2 * m * k + 255) / 510);
        p[2] = (uint8_t)((2 * y * k + 255) / 510);
        p[3] = 255;
    }
}

cjpeg_status cjpeg_decode_rgba(const uint8_t *data, size_t size, int scale_numerator,
                               uint32_t expected_width, uint32_t expected_height,
                               uint8_t *pixels, size_t memory_limit, int *warnings,
                               char *message, size_t message_capacity) {
    struct jpeg_decompress_struct cinfo;
    cjpeg_error_context context;
    install_error_manager(&context, message, message_capacity);
    cinfo.err = &context.manager;
    *warnings = 0;
    if (setjmp(context.jump)) {
        jpeg_destroy_decompress(&cinfo);
        *warnings = context.corrupt_warnings;
        return context.failure;
    }
    jpeg_create_decompress(&cinfo);
    struct jpeg_progress_mgr progress = {.progress_monitor = on_progress};
    cinfo.progress = &progress;
    if (memory_limit > 0) cinfo.mem->max_memory_to_use = (long)memory_limit;
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = output_space(cinfo.jpeg_color_space);
    cinfo.scale_num = (unsigned)scale_numerator;
    cinfo.scale_denom = 8;
    jpeg_calc_output_dimensions(&cinfo);
    if (cinfo.output_width != expected_width || cinfo.output_height != expected_height
        || cinfo.output_components != 4) {
        copy_message(message, message_capacity, "the headers changed between reads");
        jpeg_destroy_decompress(&cinfo);
        return CJPEG_ERROR;
    }
    jpeg_start_decompress(&cinfo);
    size_t stride = (size_t)expected_width * 4;
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + (size_t)cinfo.output_scanline * stride;
        if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) {
            copy_message(message, message_capacity, "libjpeg returned no scanline (suspended input)");
            jpeg_destroy_decompress(&cinfo);
            return CJPEG_ERROR;
        }
        if (cmyk) cmyk_to_rgba(row, expected_width);
    }
    context.all_rows_read = 1;
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    *warnings = context.corrupt_warnings;
    return CJPEG_OK;
}

// The encoder's output goes into one malloc'ed buffer sized from the pixel count, so a
// typical photo fits at once; libjpeg's own memory destination starts at 4 KB and copies
// everything into a new buffer each time it doubles.
typedef struct {
    struct jpeg_destination_mgr manager;  // first, so libjpeg's pointer is ours
    // The buffer's address lives in the caller's memory, so it is still valid after a longjmp.
    uint8_t **buffer;
    size_t capacity;
    size_t size;  // set when compression finishes
} cjpeg_memory_destination;

static void start_output(j_compress_ptr cinfo) {
    cjpeg_memory_destination *destination = (cjpeg_memory_destination *)cinfo->dest;
    destination->manager.next_output_byte = *destination->buffer;
    destination->manager.free_in_buffer = destination->capacity;
}

// Called when the buffer is full: double it (realloc can often grow in place).
static boolean grow_output(j_compress_ptr cinfo) {
    cjpeg_memory_destination *destination = (cjpeg_memory_destination *)cinfo->dest;
    size_t used = destination->capacity;
    size_t capacity = used * 2;
    uint8_t *grown = capacity > used ? realloc(*destination->buffer, capacity) : NULL;
    if (grown == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 10);
    *destination->buffer = grown;
    destination->capacity = capacity;
    destination->manager.next_output_byte = grown + used;
    destination->manager.free_in_buffer = capacity - used;
    return TRUE;
}

static void finish_output(j_compress_ptr cinfo) {
    cjpeg_memory_destination *destination = (cjpeg_memory_destination *)cinfo->dest;
    destination->size = destination->capacity - destination->manager.free_in_buffer;
}

cjpeg_status cjpeg_encode_rgba(const uint8_t *pixels, uint32_t width, uint32_t height, size_t stride,
                               int quality, int progressive, int subsampling,
                               uint8_t **output, size_t *output_size,
                               char *message, size_t message_capacity) {
    struct jpeg_compress_struct cinfo;
    cjpeg_error_context context;
    *output_size = 0;
    // About 4 bits a pixel: quality 85 at 4:2:0 needs half that for a photo, and a harder
    // image doubles the buffer once or twice.
    cjpeg_memory_destination destination = {
        .manager = {.init_destination = start_output, .empty_output_buffer = grow_output, .term_destination = finish_output},
        .buffer = output,
        .capacity = (size_t)width * height / 2 + 16384,
    };
    *output = malloc(destination.capacity);
    if (*output == NULL) {
        copy_message(message, message_capacity, "out of memory for the encoded image");
        return CJPEG_ERROR;
    }
    install_error_manager(&context, message, message_capacity);
    cinfo.err = &context.manager;
    if (setjmp(context.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(*output);
        *output = NULL;
        return context.failure;
    }
    jpeg_create_compress(&cinfo);
    cinfo.dest = &destination.manager;
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_EXT_RGBX;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    int horizontal = subsampling == 444 ? 1 : 2;
    int vertical = subsampling == 420 ? 2 : 1;
    cinfo.comp_info[0].h_samp_factor = horizontal;
    cinfo.comp_info[0].v_samp_factor = vertical;
    cinfo.comp_info[1].h_samp_factor = 1;
    cinfo.comp_info[1].v_samp_factor = 1;
    cinfo.comp_info[2].h_samp_factor = 1;
    cinfo.comp_info[2].v_samp_factor = 1;
    if (progressive) jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)cinfo.next_scanline * stride);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    *output_size = destination.size;
    return CJPEG_OK;
}

int cjpeg_library_version(void) {
#ifdef LIBJPEG_TURBO_VERSION_NUMBER
    return LIBJPEG_TURBO_VERSION_NUMBER;
#else
    return 0;
#endif
}

void cjpeg_free(void *buffer) { free(buffer); }
