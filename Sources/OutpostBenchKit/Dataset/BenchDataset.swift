import Foundation
import OutpostCore
import OutpostDomain

/// One generated row: its id, the user who created it, its creation time, and its non-null
/// values in schema order.
public struct BenchRow: Sendable {
    /// The row's UUIDv7 id (time-ordered, as a laptop makes them).
    public var id: RowID
    /// Index of the bench user who created it.
    public var creator: Int
    /// When it was created (ms since 1970); also the wall time of its first clocks.
    public var createdAt: Int64
    /// Non-null field values, in the entity's field order.
    public var values: [(field: FieldName, value: FieldValue)]
}

/// The seeded tier-M data set (DOMAIN.md §4.2, an estimate): leads with parents' and
/// children's names, normalized mobiles, WeChat ids, addresses and remarks, intent levels and
/// source channels, plus follow-up records. The same seed and size give the same rows.
public struct BenchDataset: Sendable {
    /// The leads, oldest first.
    public let leads: [BenchRow]
    /// The follow-ups, each pointing at a lead.
    public let followUps: [BenchRow]

    /// All rows (leads, then follow-ups).
    public var rowCount: Int { leads.count + followUps.count }

    /// Rows the server holds once the data set is pushed: its rows, and the ownership event
    /// the server writes for each lead it assigns to its creator (`assign_on_create`).
    public var serverRowCount: Int { rowCount + leads.count }

    /// The end of the window the rows were created in (1 June 2025, UTC): fixed so the data
    /// does not depend on the day it is generated, and in the past so later clocks win.
    public static let createdBefore: Int64 = 1_748_736_000_000

    /// Generates the data set.
    /// - Parameters:
    ///   - leadCount: how many leads.
    ///   - followUpsPerLead: the average number of follow-up records per lead.
    ///   - userCount: how many users created the rows (row `i` by user `i % userCount`).
    ///   - seed: the generator's seed.
    public static func generate(leadCount: Int, followUpsPerLead: Double = 0.2, userCount: Int, seed: UInt64 = 20_251_125) -> BenchDataset {
        var random = SeededGenerator(seed: seed)
        let window: Int64 = 180 * 24 * 3_600_000
        let start = createdBefore - window
        let step = max(1, window / Int64(max(leadCount, 1)))
        var leads: [BenchRow] = []
        leads.reserveCapacity(leadCount)
        for index in 0..<leadCount {
            let createdAt = start + Int64(index) * step + Int64(random.next() % UInt64(step))
            leads.append(makeLead(createdAt: createdAt, creator: index % max(userCount, 1), random: &random))
        }
        var followUps: [BenchRow] = []
        let followUpCount = Int((Double(leadCount) * followUpsPerLead).rounded())
        followUps.reserveCapacity(followUpCount)
        for index in 0..<followUpCount {
            // Spread over the leads in order, so follow-ups are also created oldest first.
            let lead = leads[min(leadCount - 1, Int(Double(index) / followUpsPerLead))]
            followUps.append(makeFollowUp(of: lead, random: &random))
        }
        return BenchDataset(leads: leads, followUps: followUps)
    }

    // MARK: - Private

    private static func makeLead(createdAt: Int64, creator: Int, random: inout SeededGenerator) -> BenchRow {
        let surname = random.pick(TierMVocabulary.surnames)
        let relation = TierMVocabulary.relations[random.weightedIndex(TierMVocabulary.relationWeights)]
        let contactName = random.chance(0.7)
            ? surname.hanzi + relation.hanzi
            : surname.hanzi + random.pick(TierMVocabulary.adultGivenNames)
        var values: [(FieldName, FieldValue)] = [(FieldName("contact_name"), .text(contactName))]
        let hasMobile = random.chance(0.95)
        if hasMobile {
            var mobile = random.pick(TierMVocabulary.mobilePrefixes)
            for _ in 0..<8 { mobile.append(Character(String(random.next() % 10))) }
            values.append((FieldName("mobile"), .text(mobile)))
        }
        // A lead needs a mobile, a WeChat id or a landline (R-1.1). A WeChat id is one
        // person's (a de-dup key, R-2.1): six digits keep two families from sharing one.
        if random.chance(0.45) || !hasMobile {
            let suffix = random.next() % 1_000_000
            values.append((FieldName("wechat_id"), .text("\(surname.pinyin)\(relation.pinyin)_\(suffix)")))
        }
        if random.chance(0.85) {
            values.append((FieldName("student_name"), .text(surname.hanzi + random.pick(TierMVocabulary.childGivenNames))))
        }
        if random.chance(0.8) {
            let level = TierMVocabulary.intentWeights[random.weightedIndex(TierMVocabulary.intentWeights.map(\.weight))].level
            values.append((FieldName("intent_level"), .text(level)))
        }
        let channel = TierMVocabulary.sourceChannelWeights[random.weightedIndex(TierMVocabulary.sourceChannelWeights.map(\.weight))].channel
        values.append((FieldName("source_channel"), .text(channel)))
        if channel == "referral" {
            // A referral names the referring customer (R-1.1); the customers are not in the data set.
            values.append((FieldName("referrer_customer_id"), .text(UUIDv7.make(wallMilliseconds: createdAt, using: &random))))
        }
        if random.chance(0.8) {
            values.append((FieldName("remark"), .text(makeRemark(random: &random))))
        }
        values.append((FieldName("created_at"), .integer(createdAt)))
        return BenchRow(id: RowID(UUIDv7.make(wallMilliseconds: createdAt, using: &random)),
                        creator: creator, createdAt: createdAt, values: values)
    }

    private static func makeRemark(random: inout SeededGenerator) -> String {
        let address = random.pick(TierMVocabulary.streets) + "\(random.next() % 2000 + 1)号"
            + random.pick(TierMVocabulary.estates) + "\(random.next() % 30 + 1)栋\(random.next() % 3 + 1)单元"
        let need = "孩子\(random.pick(TierMVocabulary.grades))，想了解\(random.pick(TierMVocabulary.courses))，\(random.pick(TierMVocabulary.times))有空"
        var remark = "地址：\(address)；\(need)"
        if random.chance(0.6) { remark += "；" + random.pick(TierMVocabulary.remarks) }
        return remark + "。"
    }

    private static func makeFollowUp(of lead: BenchRow, random: inout SeededGenerator) -> BenchRow {
        let occurredAt = lead.createdAt + Int64(random.next() % (7 * 24 * 3_600_000))
        let method = TierMVocabulary.followUpMethodWeights[random.weightedIndex(TierMVocabulary.followUpMethodWeights.map(\.weight))].method
        let template = random.pick(TierMVocabulary.followUpNotes)
        var content = ""
        var arguments = [random.pick(TierMVocabulary.grades), random.pick(TierMVocabulary.courses), random.pick(TierMVocabulary.times)]
        var remaining = Substring(template)
        while let marker = remaining.range(of: "%@") {
            content += remaining[..<marker.lowerBound]
            content += arguments.isEmpty ? "" : arguments.removeFirst()
            remaining = remaining[marker.upperBound...]
        }
        content += remaining
        let values: [(FieldName, FieldValue)] = [
            (FieldName("subject_type"), .text("lead")),
            (FieldName("subject_id"), .text(lead.id.rawValue)),
            (FieldName("subject_name_snapshot"), lead.values.first { $0.field == FieldName("contact_name") }?.value ?? .null),
            (FieldName("author_id"), .text(BenchUsers.id(ofUserAt: lead.creator).rawValue)),
            (FieldName("method"), .text(method)),
            (FieldName("content"), .text(content)),
            (FieldName("occurred_at"), .integer(occurredAt)),
        ]
        return BenchRow(id: RowID(UUIDv7.make(wallMilliseconds: occurredAt, using: &random)),
                        creator: lead.creator, createdAt: occurredAt, values: values)
    }
}
