/// Typed or pushed text as a message repeats it: enough to recognise it, not a page of it.
/// A refusal that echoed a pasted 100,000-character value whole buried what it had to say.
public enum QuotedInput {
    /// The most of a value a message repeats.
    public static let limit = 60

    /// `text` whole when short, else its start and its length.
    public static func shortened(_ text: String) -> String {
        guard text.count > limit else { return text }
        return "\(text.prefix(limit))… (\(text.count) characters)"
    }
}
