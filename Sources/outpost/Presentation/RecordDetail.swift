import OutpostCore

/// One row of any entity as `outpost show` shows it: every field of the schema with its
/// value, the clock and author of the write that produced it, and whether it is deleted.
struct RecordDetail: Encodable {
    /// One field of the row.
    struct Field: Encodable {
        /// The schema name.
        var field: String
        /// The current value (null when never written or cleared).
        var value: FieldValue
        /// The clock of the write that produced it (absent when never written).
        var clock: String?
        /// Who wrote it.
        var author: String?
        /// The clock's wall time as ISO-8601.
        var writtenAt: String?

        /// Each of `schemaFields` as `state` holds it, in the order given.
        static func describing(_ schemaFields: [FieldSchema], in state: RowState) -> [Field] {
            schemaFields.map { schemaField in
                let version = state.version(of: schemaField.name)
                return Field(field: schemaField.name.rawValue, value: version?.value ?? .null,
                             clock: version?.clock.description, author: version?.author.rawValue,
                             writtenAt: version.map { TimeText.iso8601(milliseconds: $0.clock.wallMilliseconds) })
            }
        }
    }

    /// The row's entity.
    var entity: String
    /// The row's full id.
    var id: String
    /// Whether the row is deleted.
    var isDeleted: Bool
    /// Every field of the schema, in schema order: the entity's own, then `created_by`,
    /// `merged_into_id` and `deleted`.
    var fields: [Field]
    /// The record's follow-ups, oldest first, for an entity follow-ups are about (a customer's
    /// include those of the lead it was converted from, R-14.3); nil for other entities.
    var followUps: [FollowUpSummary]?

    /// Describes a stored row.
    init(entity: EntitySchema, id: RowID, state: RowState, followUps: [FollowUpSummary]? = nil) {
        self.entity = entity.name.rawValue
        self.id = id.rawValue
        isDeleted = state.isDeleted
        fields = Field.describing(entity.fields, in: state)
        self.followUps = followUps
    }

    /// The text form: a header, the state, and a table of every field.
    func rendered(types: EntitySchema) -> String {
        var lines = ["\(entity) \(id)"]
        let mergedInto = fields.first { $0.field == "merged_into_id" }?.value.textValue
        switch (isDeleted, mergedInto) {
        case (true, let head?): lines.append("state: deleted, merged into \(head) (outpost show \(entity) \(head))")
        case (true, nil): lines.append("state: deleted")
        case (false, _): lines.append("state: live")
        }
        lines.append("")
        var table = TextTable(headers: ["FIELD", "VALUE", "AUTHOR", "WRITTEN (UTC)", "CLOCK"])
        table.maximumCellWidth = TextTable.wholeValues   // the one place a long value can be read without --json
        for field in fields {
            let type = types.field(FieldName(field.field))?.type ?? .text(maximumLength: 0)
            table.append([
                field.field,
                field.clock == nil ? "" : FieldText.readable(field.value, of: type),
                field.author ?? "",
                field.writtenAt ?? "",
                field.clock.flatMap { HLCTimestamp($0) }.map(FieldText.compactClock) ?? "",
            ])
        }
        lines.append(table.rendered())
        if let followUps {
            lines.append("")
            lines.append(followUps.isEmpty ? "no follow-ups" : "follow-ups (\(followUps.count))")
            if !followUps.isEmpty { lines.append(FollowUpSummary.table(followUps).rendered()) }
        }
        return lines.joined(separator: "\n")
    }
}
