import OutpostCore

/// A write to one field of one existing lead (S2, S4, S8 and their baseline).
struct FieldUpdate: Sendable {
    var leadIndex: Int
    var id: RowID
    var field: FieldName
    var value: FieldValue
}

/// A local edit of one lead: three fields in one transaction (S5 and its baseline).
struct LocalEdit: Sendable {
    var id: RowID
    var values: [(field: FieldName, value: FieldValue)]
}

/// The edits the scenarios make, generated from the data set with their own seeds so that
/// Outpost and the baseline apply exactly the same writes.
enum Workloads {
    /// The fields S2 rotates through, so consecutive runs touch different fields of a row.
    static let updatedFields = [FieldName("intent_level"), FieldName("remark"), FieldName("mobile")]

    /// `count` single-field updates for run `run`: leads in id order (wrapping when `count`
    /// exceeds the leads), one field each.
    static func fieldUpdates(_ dataset: BenchDataset, run: Int, count: Int) -> [FieldUpdate] {
        var random = SeededGenerator(seed: 0x5EED_0002 &+ UInt64(run))
        return (0..<count).map { index in
            let leadIndex = index % dataset.leads.count
            let field = updatedFields[(index / dataset.leads.count + leadIndex + run) % updatedFields.count]
            return FieldUpdate(leadIndex: leadIndex, id: dataset.leads[leadIndex].id, field: field,
                               value: value(for: field, tag: "r\(run)", random: &random))
        }
    }

    /// `count` three-field edits of random leads for run `run`.
    static func localEdits(_ dataset: BenchDataset, run: Int, count: Int, seed: UInt64 = 0x5EED_0005) -> [LocalEdit] {
        var random = SeededGenerator(seed: seed &+ UInt64(run))
        return (0..<count).map { _ in
            let lead = random.pick(dataset.leads)
            return LocalEdit(id: lead.id, values: updatedFields.map { ($0, value(for: $0, tag: "e\(run)", random: &random)) })
        }
    }

    /// A new value for one of `updatedFields`.
    static func value(for field: FieldName, tag: String, random: inout SeededGenerator) -> FieldValue {
        switch field.rawValue {
        case "intent_level":
            return .text(random.pick(["A", "B", "C", "D"]))
        case "mobile":
            var mobile = random.pick(TierMVocabulary.mobilePrefixes)
            for _ in 0..<8 { mobile.append(Character(String(random.next() % 10))) }
            return .text(mobile)
        default:
            return .text("\(random.pick(TierMVocabulary.remarks))（\(random.pick(TierMVocabulary.times))回访，\(tag)）")
        }
    }
}
