/// The check every decoder makes on declared dimensions before allocating pixel memory.
enum PixelLimit {
    static func check(format: ImageFormat, width: Int, height: Int, limit: Int) throws(CodecError) {
        guard width > 0, height > 0 else {
            throw .decodingFailed(format: format, reason: "the header declares an empty image (\(width)x\(height))")
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > limit {
            throw .tooManyPixels(format: format, width: width, height: height, limit: limit)
        }
    }
}
