import FuzzSupport

/// Every input is read as a JPEG (the SOI marker is forced) and goes through libjpeg-turbo
/// in the CJPEG shim, at full size and DCT-scaled.
@main enum FuzzJPEG {
    static let startOfImage: [(offset: Int, bytes: [UInt8])] = [(0, [0xFF, 0xD8, 0xFF])]

    static func main() {
        FuzzDriver.run { start, count in
            FuzzInput.decodeAllWays(FuzzInput.forcing(FuzzJPEG.startOfImage, onto: FuzzDriver.buffer(start, count)))
            return 0
        }
    }
}
