import Codecs

/// Lays thumbnails out in a grid on one canvas, for a quick look at a whole batch.
///
/// ```swift
/// let sheet = try ContactSheet.make(from: thumbnails, columns: 4)
/// let png = try ImageEncoder.encode(sheet, as: .png())
/// ```
public enum ContactSheet {
    /// The most pixels a sheet may have (64 megapixels); larger layouts are refused before allocating.
    public static let pixelLimit = 64_000_000

    /// A grid of `images`, left to right then top to bottom, each centred in its cell and
    /// composited over `background`.
    ///
    /// - Parameters:
    ///   - images: the thumbnails, at least one.
    ///   - columns: cells per row, 1 or more; default: the smallest square-ish grid (⌈√count⌉).
    ///   - cellSize: the size of each cell; default: the largest width and height among the images.
    ///     Images larger than the cell are shrunk to fit it (area averaging).
    ///   - spacing: pixels between cells and around the grid, 0 or more. Default 8.
    ///   - background: the canvas colour. Default white.
    /// - Throws: ``StageError/invalidOption(name:value:allowed:)`` for an empty list, a bad
    ///   column count, cell size or spacing, or a sheet above ``pixelLimit``.
    public static func make(
        from images: [PixelBuffer], columns: Int? = nil, cellSize: ImageSize? = nil, spacing: Int = 8,
        background: RGBA = .white
    ) throws(StageError) -> PixelBuffer {
        guard !images.isEmpty else {
            throw .invalidOption(name: "contact sheet images", value: "0", allowed: "at least 1")
        }
        let columnCount = columns ?? Int(Double(images.count).squareRoot().rounded(.up))
        guard columnCount >= 1 else {
            throw .invalidOption(name: "contact sheet columns", value: "\(columnCount)", allowed: "at least 1")
        }
        guard spacing >= 0 else {
            throw .invalidOption(name: "contact sheet spacing", value: "\(spacing)", allowed: "0 or more")
        }
        let cell = cellSize ?? ImageSize(width: images.map(\.width).max()!, height: images.map(\.height).max()!)
        guard cell.width >= 1, cell.height >= 1 else {
            throw .invalidOption(name: "contact sheet cell size", value: cell.description, allowed: "at least 1x1")
        }
        let usedColumns = min(columnCount, images.count)
        let rows = (images.count + columnCount - 1) / columnCount
        let width = usedColumns.multipliedReportingOverflow(by: cell.width + spacing).partialValue + spacing
        let height = rows.multipliedReportingOverflow(by: cell.height + spacing).partialValue + spacing
        guard width > 0, height > 0, width <= pixelLimit, height <= pixelLimit, width * height <= pixelLimit else {
            throw .invalidOption(
                name: "contact sheet size", value: "\(usedColumns) x \(rows) cells of \(cell)",
                allowed: "at most \(pixelLimit) pixels in all")
        }
        var sheet = PixelBuffer(width: width, height: height, filledWith: background)
        for (position, image) in images.enumerated() {
            var tile = image
            if tile.width > cell.width || tile.height > cell.height {
                tile = try ImageResizer.resize(
                    tile, with: ResizeOptions(width: cell.width, height: cell.height, fit: .inside, filter: .area))
            }
            let column = position % columnCount
            let row = position / columnCount
            let x = spacing + column * (cell.width + spacing) + (cell.width - tile.width) / 2
            let y = spacing + row * (cell.height + spacing) + (cell.height - tile.height) / 2
            sheet.composite(tile, atX: x, y: y)
        }
        return sheet
    }
}

extension PixelBuffer {
    /// Draws `other` over this buffer at (`x`, `y`) with source-over blending (straight alpha).
    mutating func composite(_ other: PixelBuffer, atX x: Int, y: Int) {
        for row in 0..<other.height {
            let targetY = y + row
            guard targetY >= 0, targetY < height else { continue }
            for column in 0..<other.width {
                let targetX = x + column
                guard targetX >= 0, targetX < width else { continue }
                let s = (row * other.width + column) * 4
                let t = (targetY * width + targetX) * 4
                let sourceAlpha = Int(other.pixels[s + 3])
                if sourceAlpha == 255 {
                    for c in 0..<4 { pixels[t + c] = other.pixels[s + c] }
                    continue
                }
                if sourceAlpha == 0 { continue }
                let targetAlpha = Int(pixels[t + 3])
                // Porter-Duff source-over, in units of 255 × 255.
                let outAlpha = sourceAlpha * 255 + targetAlpha * (255 - sourceAlpha)
                for c in 0..<3 {
                    let blended = Int(other.pixels[s + c]) * sourceAlpha * 255 + Int(pixels[t + c]) * targetAlpha * (255 - sourceAlpha)
                    pixels[t + c] = UInt8((blended + outAlpha / 2) / outAlpha)
                }
                pixels[t + 3] = UInt8((outAlpha + 127) / 255)
            }
        }
    }
}
