/// Spaces request starts so that at most `imagesPerMinute` images are asked for in any
/// 60-second window, the way the API's rate-limit tiers (5 to 250 images a minute) count them.
///
/// Starts are handed out in order and never move earlier than the previous one, so requests
/// keep their queue order. A request for more images than the whole limit waits for an empty
/// window and then goes alone.
///
/// ```swift
/// var pacer = ImagePacer(imagesPerMinute: 5)
/// let start = pacer.reserve(images: 2, now: .now)   // now; the 3rd and 4th request wait
/// ```
public struct ImagePacer: Sendable {
    /// The limit, `nil` for none.
    public let imagesPerMinute: Int?
    /// The length of the counting window.
    public let window: Duration
    private var starts: [(at: ContinuousClock.Instant, images: Int)] = []

    /// A pacer of `imagesPerMinute` images per `window` (no limit when `nil`).
    public init(imagesPerMinute: Int?, window: Duration = .seconds(60)) {
        self.imagesPerMinute = imagesPerMinute
        self.window = window
    }

    /// Reserves a start for a request of `images` images and returns when it may start.
    public mutating func reserve(images: Int, now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        guard let limit = imagesPerMinute else { return now }
        var start = max(now, starts.last?.at ?? now)
        while true {
            starts.removeAll { $0.at + window <= start }
            let used = starts.reduce(0) { $0 + $1.images }
            guard used + images > limit, let oldest = starts.first else { break }
            start = oldest.at + window
        }
        starts.append((start, images))
        return start
    }
}
