/// Turns usage into dollars, and requests into an estimate, from ``PriceTable``.
///
/// ```swift
/// let spent = CostCalculator.cost(of: response.usage!, model: .gptImage1Mini)      // 0.0107...
/// let guess = CostCalculator.estimate(GenerationRequest(prompt: "x", n: 4, quality: .high)) // 0.144
/// ```
public enum CostCalculator {
    /// The actual cost in US dollars of `usage` on `model`: text input, image input and output
    /// tokens at the model's prices. `nil` when the table has no prices for the model.
    public static func cost(of usage: Usage, model: ImageModel) -> Double? {
        guard let prices = PriceTable.tokenPrices(for: model) else { return nil }
        // Input tokens without a breakdown are priced as text, the cheaper reading.
        let textInput = usage.inputTextTokens + usage.inputImageTokens == 0 ? usage.inputTokens : usage.inputTextTokens
        let dollars =
            Double(textInput) * prices.textInput + Double(usage.inputImageTokens) * prices.imageInput
            + Double(usage.outputTokens) * prices.imageOutput
        return dollars / 1_000_000
    }

    /// An estimate in US dollars before sending: images × the per-image price. `auto` size is
    /// priced as the larger (oblong) column and `auto` or unset quality as high, so the
    /// estimate is an upper bound. `nil` when the table has no price for the model or size.
    public static func estimate(model: ImageModel, size: ImageSize?, quality: ImageQuality?, images: Int) -> Double? {
        let shape: PriceTable.Shape
        switch size?.rawValue ?? "auto" {
        case "1024x1024": shape = .square
        case "1536x1024", "1024x1536", "auto": shape = .oblong
        default: return nil
        }
        let effectiveQuality: ImageQuality = (quality == nil || quality == .auto) ? .high : quality!
        guard let price = PriceTable.perImagePrice(model: model, shape: shape, quality: effectiveQuality) else { return nil }
        return price * Double(images)
    }

    /// The estimate of a generation or an edit (for an edit, the output images only; input
    /// image tokens are extra).
    public static func estimate(_ request: some ImageRequest) -> Double? {
        estimate(model: request.model, size: request.size, quality: request.quality, images: request.imageCount)
    }
}
