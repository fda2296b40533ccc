import OutpostCore

/// One `field=value` word of `outpost add` and `outpost edit`, split but not yet checked
/// against the schema: `intent_level=B`, `tags+=vip`, `tags-=cold`, `address.text=海淀区…`.
struct FieldAssignment: Hashable {
    /// What the word does to the field.
    enum Operation: String, Hashable {
        /// `=`: the field (or member) takes the value.
        case set = "="
        /// `+=`: tags are added to a tag set.
        case add = "+="
        /// `-=`: tags are removed from a tag set.
        case remove = "-="
    }

    /// The field written.
    var field: FieldName
    /// The member of a composite field (`address.text` → `text`), if one is named.
    var member: String?
    /// Set, add or remove.
    var operation: Operation
    /// The text after the operator, as typed.
    var text: String

    /// Creates an assignment from its parts.
    init(field: FieldName, member: String? = nil, operation: Operation = .set, text: String) {
        self.field = field
        self.member = member
        self.operation = operation
        self.text = text
    }

    /// Splits a word at its first `=`; the name before it may end in `+` or `-`.
    /// - Throws: `InputError.notAnAssignment` when there is no `=` or no field name.
    init(parsing word: String) throws(InputError) {
        guard let equals = word.firstIndex(of: "=") else { throw .notAnAssignment(word: word) }
        var name = String(word[..<equals])
        operation = .set
        if name.hasSuffix("+") {
            operation = .add
        } else if name.hasSuffix("-") {
            operation = .remove
        }
        if operation != .set { name.removeLast() }
        let parts = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let fieldName = parts.first, !fieldName.isEmpty, parts.count == 1 || !parts[1].isEmpty,
              !fieldName.contains(where: \.isWhitespace) else {
            throw .notAnAssignment(word: word)
        }
        field = FieldName(fieldName)
        member = parts.count == 2 ? parts[1] : nil
        text = String(word[word.index(after: equals)...])
    }

    /// The name as typed before the operator, for messages (`address.text`).
    var target: String {
        member.map { "\(field).\($0)" } ?? field.rawValue
    }
}
