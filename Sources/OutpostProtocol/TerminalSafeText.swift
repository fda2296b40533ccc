extension String {
    /// This text as a terminal may print it: control characters (escape sequences that recolour
    /// the screen or retitle the window, carriage returns that overwrite a line, line breaks
    /// that forge one) and the invisible marks that reorder text (U+202A–U+202E, U+2066–U+2069)
    /// each become U+FFFD, so a value someone else typed shows as what it is. A line break
    /// shows as ⏎ and a tab as ⇥: a remark of two lines reads as one, and nothing is forged.
    public var terminalSafe: String {
        guard unicodeScalars.contains(where: Self.isUnsafe) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { scalar in
            switch scalar {
            case "\n": "\u{23CE}"
            case "\t": "\u{21E5}"
            default: Self.isUnsafe(scalar) ? "\u{FFFD}" : scalar
            }
        }))
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
