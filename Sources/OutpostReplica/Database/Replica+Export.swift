import Foundation
import OutpostCore
import OutpostDomain

/// What an export wrote.
public struct ExportSummary: Sendable, Hashable, Encodable {
    /// The file written.
    public var path: String
    /// The entity exported.
    public var entity: String
    /// How many rows.
    public var rowCount: Int
    /// The columns after `id`.
    public var fields: [String]
    /// The audit entry journaled for it (pushed at the next sync).
    public var auditID: String
}

extension Replica {
    /// Exports every live row of `entity` this laptop holds (what its user may see, hidden
    /// fields never reach it) to a CSV file at `url`, and journals an `export` audit entry
    /// row count, entity, filter and columns) before the file appears: the
    /// rows are written to a side file, the audit entry is committed, then the side file takes
    /// its name. Only a user allowed to export may (`ExportPermission`).
    /// - Parameters:
    ///   - fields: the columns after `id`; nil for every data field of the entity.
    ///   - now: the laptop's wall clock in ms.
    /// - Throws: `ReplicaError.exportNotAllowed`, `.invalidEdit` for an unknown field, file errors.
    public func export(_ entity: EntityName, fields: [FieldName]? = nil, to url: URL, now: Int64 = WallClock.now()) throws -> ExportSummary {
        let user = try settings().userID
        guard let userRow = try row(EntityName("user"), id: RowID(user.rawValue)) else {
            throw ReplicaError.exportNotAllowed(user: user, reason: "this laptop does not hold your user record yet; sync once.")
        }
        let roles = try (userRow.values[FieldName("role_ids")]?.listValue ?? []).compactMap { id in
            try id.textValue.flatMap { try row(EntityName("role"), id: RowID($0)) }
        }
        if let reason = ExportPermission.refusal(user: userRow, roles: roles) {
            throw ReplicaError.exportNotAllowed(user: user, reason: reason)
        }
        guard let declared = schema.entity(entity) else {
            throw ReplicaError.invalidExport(entity: entity.rawValue, code: "validation.unknown_entity", reason: "there is no entity '\(entity)'.")
        }
        let columns = fields ?? declared.dataFields.map(\.name)
        for column in columns where declared.field(column) == nil {
            throw ReplicaError.invalidExport(entity: entity.rawValue, code: "validation.unknown_field", reason: "\(entity) has no field '\(column)'.")
        }
        let rows = try self.rows(entity)
        var text = CSVText.line(["id"] + columns.map(\.rawValue))
        for (id, state) in rows {
            text += CSVText.line([id.rawValue] + columns.map { CSVText.cell(state.values[$0], type: declared.field($0)?.type) })
        }
        let target = url.standardizedFileURL.resolvingSymlinksInPath().path
        let replicaFile = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if ["", "-wal", "-shm", "-journal"].map({ replicaFile + $0 }).contains(target) {
            throw ReplicaError.invalidExport(entity: entity.rawValue, code: "export.target_is_replica",
                                             reason: "\(url.path) is this laptop's replica file; writing the export there would destroy it. Pick another path.")
        }
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ReplicaError.invalidExport(entity: entity.rawValue, code: "export.cannot_write", reason: "the folder \(folder.path) does not exist.")
        }
        let side = folder.appendingPathComponent("." + url.lastPathComponent + ".partial")
        do {
            try Data(text.utf8).write(to: side, options: .atomic)
        } catch {
            throw ReplicaError.invalidExport(entity: entity.rawValue, code: "export.cannot_write",
                                             reason: "\(url.path) cannot be written (\(error.localizedDescription)).")
        }
        let audit: RowID
        do {
            audit = try create(EntityName("audit_log"), values: [
                FieldName("actor_id"): .text(user.rawValue), FieldName("device_id"): .text(try settings().deviceID.rawValue),
                FieldName("action"): .text("export"), FieldName("entity_type"): .text(entity.rawValue),
                FieldName("row_count"): .integer(Int64(rows.count)), FieldName("query"): .text("all \(entity) rows on this laptop"),
                FieldName("fields"): .list(columns.map { .text($0.rawValue) }), FieldName("occurred_at"): .integer(now),
                FieldName("result"): .text("ok"),
            ], now: now)
        } catch {
            try? FileManager.default.removeItem(at: side)
            throw error
        }
        try makeCommittedWritesDurable()   // the audit entry outlives a power cut before the file appears
        _ = try? FileManager.default.removeItem(at: url)
        try FileManager.default.moveItem(at: side, to: url)
        return ExportSummary(path: url.path, entity: entity.rawValue, rowCount: rows.count, fields: columns.map(\.rawValue), auditID: audit.rawValue)
    }
}
