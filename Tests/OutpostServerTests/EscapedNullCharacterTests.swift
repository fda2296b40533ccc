@testable import OutpostServer
import Testing

/// The NUL escape is found wherever a JSON text holds it, and only there.
@Suite struct EscapedNullCharacterTests {
    @Test(arguments: [
        (#"{"a":"x\u0000y"}"#, true),
        (#"{"a\u0000":1}"#, true),
        (#"{"a":"\\\u0000"}"#, true),          // an escaped backslash, then the escape
        (#"{"a":"\\u0000"}"#, false),          // an escaped backslash, then plain text
        (#"{"a":"\u00001"}"#, true),
        (#"{"a":"\u0001"}"#, false),
        (#"{"a":"\"u0000"}"#, false),
        (#"{"a":"ends in a backslash\"#, false),
    ])
    func findsTheEscapeOnly(text: String, holdsIt: Bool) {
        #expect(EscapedNullCharacter.occurs(in: Array(text.utf8)) == holdsIt)
    }
}
