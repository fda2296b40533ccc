/// Finds `\u0000` in a JSON text: the only way a NUL character gets into a decoded string
/// (a raw one is not JSON). SQLite and PostgreSQL cut or refuse text at a NUL, so a value
/// carrying one would be stored other than it was hashed into the audit chain; the server
/// refuses the whole message instead.
enum EscapedNullCharacter {
    /// Whether `bytes`, a JSON text, holds the escape `\u0000` (an escaped backslash before
    /// `u0000`, `\\u0000`, is text and does not count).
    static func occurs(in bytes: some Collection<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "\\") else {
                bytes.formIndex(after: &index)
                continue
            }
            bytes.formIndex(after: &index)
            guard index != bytes.endIndex else { return false }
            if bytes[index] == UInt8(ascii: "u"), bytes[index...].dropFirst().prefix(4).elementsEqual("0000".utf8) {
                return true
            }
            bytes.formIndex(after: &index)   // the escaped character, a backslash included
        }
        return false
    }
}
