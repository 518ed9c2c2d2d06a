import ArgumentParser

/// Checks and extras applied to every image the API returns.
struct PostProcessingOptions: ParsableArguments {
    @Flag(
        help: "Make a warning a failure: an image without transparent pixels when --background transparent was asked, or (edit) a mask that needs converting.")
    var strict = false

    @Flag(name: .customLong("contact-sheet"), help: "Also write contact-sheet.png: one PNG grid of the batch's images.")
    var contactSheet = false
}
