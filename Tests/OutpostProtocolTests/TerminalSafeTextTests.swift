import OutpostProtocol
import Testing

/// Text someone else typed cannot drive the terminal it is shown on.
@Suite struct TerminalSafeTextTests {
    @Test(arguments: [
        ("王妈妈 13800000001", "王妈妈 13800000001"),
        ("\u{1B}[31mred\u{1B}[0m", "\u{FFFD}[31mred\u{FFFD}[0m"),
        ("\u{1B}]0;pwned\u{07}", "\u{FFFD}]0;pwned\u{FFFD}"),
        ("line\r\nfake-line u-chen", "line\u{FFFD}\u{23CE}fake-line u-chen"),
        ("周六来\n带孩子\t试听", "周六来\u{23CE}带孩子\u{21E5}试听"),
        ("abc\u{202E}fed", "abc\u{FFFD}fed"),
        ("\u{2066}isolated\u{2069}", "\u{FFFD}isolated\u{FFFD}"),
        ("\u{9B}31m", "\u{FFFD}31m"),
    ])
    func controlsAndReorderingMarksBecomeReplacementCharacters(text: String, shown: String) {
        #expect(text.terminalSafe == shown)
    }
}
