import Foundation
import OutpostCore
import OutpostReplica

extension Replica {
    /// The full id of the one row of `entity` whose id is, starts with or ends with `text`
    /// (tables show the last 12 characters).
    /// - Throws: `InputError.noSuchRow`, or `ReplicaError.ambiguousID` when several match.
    func rowID(of entity: EntityName, matching text: String) throws -> RowID {
        switch try referenceMatch(entity, text) {
        case .one(let id): return id
        case .none: throw InputError.noSuchRow(entity: entity, id: text)
        case .several: throw ReplicaError.ambiguousID(entity: entity, prefix: text, matches: 2)
        }
    }

    /// A parser for values typed on this laptop at `now`: references resolve against this
    /// replica, tag add ids are fresh UUIDv7s, times without a zone are the laptop's.
    func valueParser(now: Int64) -> FieldValueParser {
        FieldValueParser(now: now, timeZone: .current, resolveReference: referenceMatch,
                         makeAddID: { UUIDv7.makeRowID(wallMilliseconds: now).rawValue })
    }

    // MARK: - Private

    private func referenceMatch(_ entity: EntityName, _ text: String) throws -> FieldValueParser.ReferenceMatch {
        do {
            return .one(try resolveID(entity, prefix: text))
        } catch ReplicaError.noSuchRow {
            return .none
        } catch ReplicaError.ambiguousID {
            return .several
        }
    }
}
