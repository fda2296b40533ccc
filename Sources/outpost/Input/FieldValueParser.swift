import Foundation
import OutpostCore

/// Turns what a person typed (`intent_level=B`, `tags+=vip`, `address.district_code=110108`)
/// into the `FieldValue` the field's `FieldType` takes. Pure: the time, the time zone, the
/// way references are looked up and tag add ids are made are all passed in.
///
/// One `switch` over `FieldType` decides how text is read; a type this build does not know
/// yet is refused with `InputError.unsupportedType`, never a crash.
struct FieldValueParser {
    /// How many rows of an entity an id typed for a reference matches.
    enum ReferenceMatch: Equatable {
        /// Exactly this one.
        case one(RowID)
        /// None.
        case none
        /// More than one.
        case several
    }

    /// Finds the rows of `entity` matching what was typed (an id, or a prefix or suffix of one).
    typealias ReferenceResolver = (_ entity: EntityName, _ text: String) throws -> ReferenceMatch

    /// The laptop's clock (ms since 1970), for `now`.
    var now: Int64
    /// The zone of a time typed without one.
    var timeZone: TimeZone
    /// Looks up references.
    var resolveReference: ReferenceResolver
    /// Makes a fresh, unique add id for a tag added to a tag set.
    var makeAddID: () -> String

    /// The value `assignment` gives `field`, building on the field's `current` value where the
    /// type needs it: a stage keeps its reopen epoch, a tag set its adds and removes, a
    /// composite its other members.
    /// - Throws: `InputError` naming the field and what it takes, or the resolver's error.
    func value(of assignment: FieldAssignment, for field: FieldSchema, current: FieldValue?) throws -> FieldValue {
        switch field.type {
        case .tagSet:
            guard assignment.member == nil else { throw memberOnNonComposite(assignment) }
            return try tagSet(assignment, type: field.type, current: current)
        case .composite(let members):
            return try composite(assignment, members: members, type: field.type, current: current)
        default:
            guard assignment.member == nil else { throw memberOnNonComposite(assignment) }
            guard assignment.operation == .set else {
                throw InputError.unsupportedOperation(field: field.name, written: assignment.operation.rawValue,
                                                      hint: "only tag sets take += and -=. Write \(field.name)=VALUE.")
            }
            return try scalar(assignment.text, named: assignment.target, type: field.type, current: current)
        }
    }

    /// Whether `text` is nothing but white space and zero-width characters.
    private func canonicalIsBlank(_ text: String) -> Bool { CanonicalText.of(text).isEmpty }

    /// Reads one value of a non-collection type.
    func scalar(_ text: String, named name: String, type: FieldType, current: FieldValue?) throws -> FieldValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw InputError.emptyValue(field: name) }
        let invalid = InputError.invalidValue(field: name, text: text, expected: type.description)
        switch type {
        case .text:
            // Stored trimmed and in NFC (`CanonicalText`): text that is only blank is none.
            guard let canonical = try? type.normalized(.text(text)), canonical != .text("") else {
                throw canonicalIsBlank(text) ? InputError.emptyValue(field: name) : invalid
            }
            return canonical
        case .integer:
            guard let number = Int64(trimmed), type.accepts(.integer(number)) else { throw invalid }
            return .integer(number)
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "yes": return .bool(true)
            case "false", "no": return .bool(false)
            default: throw InputError.invalidValue(field: name, text: text, expected: "true, false, yes or no")
            }
        case .enumeration(let words):
            return .text(try word(trimmed, among: words, orThrow: invalid))
        case .timestamp:
            guard let milliseconds = TimestampInput.milliseconds(from: trimmed, now: now, timeZone: timeZone),
                  milliseconds >= 0 else {
                throw InputError.invalidValue(field: name, text: text,
                                    expected: "a time: now, ISO-8601 such as 2026-09-01T10:00+08:00 (no zone: this laptop's), or ms since 1970")
            }
            return .integer(milliseconds)
        case .reference(let entity):
            return try reference(trimmed, to: entity, named: name)
        case .stage(let stages):
            let stage = try word(trimmed, among: stages, orThrow: InputError.invalidValue(field: name, text: text,
                                                                                expected: "one of " + stages.joined(separator: ", ")))
            let epoch = current.flatMap(StageValue.init)?.epoch ?? 0
            return StageValue(epoch: epoch, stage: stage).fieldValue
        case .formatted(let format):
            guard let canonical = format.normalize(trimmed) else {
                throw InputError.invalidValue(field: name, text: text, expected: type.description, code: format.rejectionCode)
            }
            return .text(canonical)
        case .real:
            guard let number = Double(trimmed), type.accepts(.real(number)) else { throw invalid }
            return .real(number)
        case .money:
            // Fen, as the field's name says (`amount_fen`) and as show and list print it, so a
            // shown value typed back stays the same; yuan only with the unit written.
            guard let fen = Self.fen(from: trimmed) else {
                throw InputError.invalidValue(field: name, text: text, expected: Self.moneyHelp)
            }
            return .integer(fen)
        case .date:
            guard type.accepts(.text(trimmed)) else {
                // The server's code for the same date (`date.invalid`), so both sides say it alike.
                throw InputError.invalidValue(field: name, text: text, expected: "a date such as 2026-09-01", code: ChangeRejection.invalidDate.code)
            }
            return .text(trimmed)
        case .list(let element, _):
            let items = try trimmed.split(separator: ",").map {
                try scalar(String($0), named: name, type: element, current: nil)
            }
            guard type.accepts(.list(items)) else { throw invalid }
            return .list(items)
        case .tagSet, .composite:
            throw InputError.unsupportedType(field: FieldName(name), expected: type.description)
        }
    }

    /// How an amount of money is typed, for help and error messages.
    static let moneyHelp = "an amount in fen, a whole number such as 1280000 (= 12800 yuan), or in yuan with the unit: 12800yuan, 12800.50元 (not negative)"

    /// Integer fen from what was typed: a whole number is fen; a number ending in `yuan` or
    /// `元` is yuan with at most two decimals. Nil for anything else or a negative.
    static func fen(from text: String) -> Int64? {
        for unit in ["yuan", "元"] where text.hasSuffix(unit) {
            return fen(fromYuan: String(text.dropLast(unit.count)).trimmingCharacters(in: .whitespaces))
        }
        guard text.allSatisfy(\.isNumber) else { return nil }
        return Int64(text)
    }

    /// The full id of the one row of `entity` whose id is, starts with or ends with `text`.
    /// - Throws: `InputError.unresolvedReference` when no row or several rows match.
    func reference(_ text: String, to entity: EntityName, named name: String) throws -> FieldValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch try resolveReference(entity, trimmed) {
        case .one(let id): return .text(id.rawValue)
        case .none:
            throw InputError.unresolvedReference(field: name, entity: entity, text: trimmed, reason: "no \(entity) on this laptop has an id starting or ending with it.")
        case .several:
            throw InputError.unresolvedReference(field: name, entity: entity, text: trimmed, reason: "more than one \(entity) id starts or ends with it; type more characters.")
        }
    }

    /// Integer fen from yuan text with at most two decimals; nil for anything else or a negative.
    static func fen(fromYuan text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let yuan = Int64(parts[0]), yuan >= 0, parts[0].allSatisfy(\.isNumber) else { return nil }
        var fen: Int64 = 0
        if parts.count == 2 {
            let decimals = parts[1]
            guard (1...2).contains(decimals.count), decimals.allSatisfy(\.isNumber), let value = Int64(decimals) else { return nil }
            fen = decimals.count == 1 ? value * 10 : value
        }
        let (total, overflow) = yuan.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        return total + fen
    }

    /// The tags `text` names, as they are stored: commas as typed on a Chinese keyboard (，、)
    /// separate tags too, and each tag is trimmed and in NFC (`CanonicalText`).
    static func tags(in text: String) -> [String] {
        text.split(whereSeparator: { ",，、".contains($0) }).map { CanonicalText.of(String($0)) }
    }

    // MARK: - Private

    /// An exact word, else the one word equal to it ignoring case (`b` → `B`).
    private func word(_ text: String, among words: [String], orThrow error: InputError) throws -> String {
        if words.contains(text) { return text }
        let matches = words.filter { $0.lowercased() == text.lowercased() }
        guard matches.count == 1 else { throw error }
        return matches[0]
    }

    /// `tags=a,b` (exactly these), `tags+=a,b` (add), `tags-=a` (remove), on top of `current`.
    private func tagSet(_ assignment: FieldAssignment, type: FieldType, current: FieldValue?) throws -> FieldValue {
        let name = assignment.field.rawValue
        guard var set = ObservedRemoveSet(current ?? .null) else {
            throw InputError.invalidValue(field: name, text: current?.description ?? "", expected: type.description)
        }
        let tags = Self.tags(in: assignment.text)
        guard !tags.isEmpty, tags.allSatisfy({ !$0.isEmpty }) else {
            throw InputError.invalidValue(field: name, text: assignment.text, expected: "tags separated by commas, for example \(name)+=vip,trial")
        }
        // Every tag named as present gets a fresh add id, even one already shown: a remove made
        // meanwhile on another laptop saw only the old ids, so this add survives it (spec §7, §9.4).
        switch assignment.operation {
        case .add:
            for tag in tags { set = set.adding(tag, addID: makeAddID()) }
        case .remove:
            for tag in tags { set = set.removing(tag) }
        case .set:
            for tag in set.elements where !tags.contains(tag) { set = set.removing(tag) }
            for tag in tags { set = set.adding(tag, addID: makeAddID()) }
        }
        guard type.accepts(set.fieldValue, replacing: current) else {
            throw InputError.invalidValue(field: name, text: assignment.text, expected: type.description)
        }
        return set.fieldValue
    }

    /// `address.text=…`: one member set (empty text clears it), the others kept from `current`.
    private func composite(_ assignment: FieldAssignment, members: [String: FieldType], type: FieldType,
                           current: FieldValue?) throws -> FieldValue {
        let names = members.keys.sorted()
        guard let member = assignment.member else {
            throw InputError.unsupportedOperation(field: assignment.field, written: "\(assignment.field)=",
                                                  hint: "set its members one by one: " + names.map { "\(assignment.field).\($0)=…" }.joined(separator: " "))
        }
        guard let memberType = members[member] else {
            throw InputError.unknownMember(field: assignment.field, member: member, known: names)
        }
        guard assignment.operation == .set else {
            throw InputError.unsupportedOperation(field: assignment.field, written: assignment.operation.rawValue,
                                                  hint: "only tag sets take += and -=. Write \(assignment.target)=VALUE.")
        }
        var object = Dictionary(uniqueKeysWithValues: names.map { ($0, FieldValue.null) })
        for (key, value) in current?.objectValue ?? [:] where members[key] != nil { object[key] = value }
        object[member] = assignment.text.trimmingCharacters(in: .whitespaces).isEmpty
            ? .null
            : try scalar(assignment.text, named: assignment.target, type: memberType, current: object[member])
        return .object(object)
    }

    private func memberOnNonComposite(_ assignment: FieldAssignment) -> InputError {
        InputError.unsupportedOperation(field: assignment.field, written: assignment.target,
                                        hint: "only composite fields have members. Write \(assignment.field)=VALUE.")
    }
}
