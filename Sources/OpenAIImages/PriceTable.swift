/// The prices gptimg uses for cost: per-1M-token prices per model (for the actual cost, from
/// the usage the API reports) and per-image prices (for an estimate before sending).
///
/// Source: OpenAI API pricing, https://openai.com/api/pricing/ and
/// https://platform.openai.com/docs/pricing (image generation models), and the per-image
/// cost table of https://platform.openai.com/docs/guides/image-generation.
/// Prices recorded on 2026-11-21, in US dollars. Update ``recordedOn`` with the tables.
public enum PriceTable {
    /// Where the prices come from.
    public static let source = "OpenAI API pricing (openai.com/api/pricing, platform.openai.com/docs/pricing, image generation guide)"
    /// When they were recorded (ISO 8601).
    public static let recordedOn = "2026-11-21"

    /// Prices per one million tokens, in US dollars.
    public struct TokenPrices: Sendable, Hashable {
        /// Text input tokens, per million.
        public var textInput: Double
        /// Image input tokens, per million.
        public var imageInput: Double
        /// Image output tokens, per million.
        public var imageOutput: Double

        /// Creates one from its parts; what is left unset stays unset.
        public init(textInput: Double, imageInput: Double, imageOutput: Double) {
            self.textInput = textInput
            self.imageInput = imageInput
            self.imageOutput = imageOutput
        }
    }

    /// Token prices of a model, `nil` when the table has none for it.
    public static func tokenPrices(for model: ImageModel) -> TokenPrices? {
        switch model.family {
        case .gptImageMini: TokenPrices(textInput: 2.00, imageInput: 2.50, imageOutput: 8.00)
        case .gptImage where model == .gptImage1 || model.rawValue.hasPrefix("gpt-image-1-"):
            TokenPrices(textInput: 5.00, imageInput: 10.00, imageOutput: 40.00)
        default: nil
        }
    }

    /// The price of one image of this model, size and quality in US dollars, `nil` when the table
    /// has none. Square is 1024x1024; landscape and portrait are 1536x1024 and 1024x1536.
    public static func perImagePrice(model: ImageModel, shape: Shape, quality: ImageQuality) -> Double? {
        let row: (square: [Double], oblong: [Double])
        switch model.family {
        case .gptImageMini: row = ([0.005, 0.011, 0.036], [0.006, 0.015, 0.052])
        case .gptImage where model == .gptImage1 || model.rawValue.hasPrefix("gpt-image-1-"):
            row = ([0.011, 0.042, 0.167], [0.016, 0.063, 0.25])
        default: return nil
        }
        let column: Int
        switch quality {
        case .low: column = 0
        case .medium: column = 1
        case .high: column = 2
        default: return nil
        }
        return shape == .square ? row.square[column] : row.oblong[column]
    }

    /// The two price columns of the per-image table.
    public enum Shape: Sendable, Hashable {
        /// 1024x1024.
        case square
        /// 1536x1024 or 1024x1536.
        case oblong
    }
}
