import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostReplica
import OutpostServer
import Testing

/// The server's current state of a lead, read through a full pull from the beginning.
public func serverState(_ server: RunningServer, _ id: RowID, entity: EntityName = EntityName("lead")) async throws -> RowState? {
    try await serverRows(server, entity: entity)[id]
}

/// Every row of `entity` on the server, rebuilt from a full pull (what a fresh replica gets).
public func serverRows(_ server: RunningServer, entity: EntityName = EntityName("lead")) async throws -> [RowID: RowState] {
    try await storeRows(server.store, entity: entity)
}

/// Every row of `entity` in `store`, rebuilt from a full pull (what a fresh replica gets);
/// with a `reader`, only what that user may see, as the server delivers it to them.
public func storeRows(_ store: any ChangeStore, entity: EntityName = EntityName("lead"), as reader: UserID? = nil) async throws -> [RowID: RowState] {
    var rows: [RowID: RowState] = [:]
    var cursor: PullCursor?
    var hasMore = true
    while hasMore {
        let page = try await store.pull(after: cursor, limit: 1000, as: reader)
        adopt(page, entity: entity, into: &rows)
        cursor = page.nextCursor
        hasMore = page.hasMore
    }
    return rows
}

/// Applies a pulled page's rows of `entity` to `rows` the way a replica with no pending edits
/// does: the server's versions are taken verbatim.
public func adopt(_ page: PullPage, entity: EntityName = EntityName("lead"), into rows: inout [RowID: RowState]) {
    for pulled in page.rows where pulled.entity == entity {
        if pulled.isEviction {
            rows[pulled.id] = nil
            continue
        }
        var state = rows[pulled.id] ?? RowState()
        for (name, wire) in pulled.fields { state.adopt(wire.version, for: FieldName(name)) }
        rows[pulled.id] = state
    }
}

/// Invariant 1: every replica holds exactly the server's rows, values, clocks and tombstones.
public func expectConverged(_ laptops: [Laptop], server: RunningServer, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for entity in OutpostSchema.current.entities.map(\.name) {
        let expected = try await serverRows(server, entity: entity)
        for laptop in laptops {
            let local = try laptop.replica.rows(entity, includingDeleted: true)
            let actual = Dictionary(uniqueKeysWithValues: local.map { ($0.id, $0.state) })
            #expect(Set(actual.keys) == Set(expected.keys), "\(laptop.user.name): rows of \(entity)", sourceLocation: sourceLocation)
            for (id, state) in expected {
                #expect(actual[id]?.values == state.values, "\(laptop.user.name): values of \(entity) \(id)", sourceLocation: sourceLocation)
                #expect(actual[id]?.stamps.byField.mapValues(\.clock) == state.stamps.byField.mapValues(\.clock),
                        "\(laptop.user.name): clocks of \(entity) \(id)", sourceLocation: sourceLocation)
                #expect(actual[id]?.isDeleted == state.isDeleted, sourceLocation: sourceLocation)
            }
        }
    }
}

/// Invariant 1 under scopes: every replica holds exactly the rows its user may see, with the
/// server's values, clocks and tombstones (hidden fields left out where the server leaves them out).
public func expectConvergedInScope(_ laptops: [Laptop], server: RunningServer, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for entity in OutpostSchema.current.entities.map(\.name) {
        for laptop in laptops {
            let expected = try await storeRows(server.store, entity: entity, as: laptop.user.userID)
            let local = try laptop.replica.rows(entity, includingDeleted: true)
            let actual = Dictionary(uniqueKeysWithValues: local.map { ($0.id, $0.state) })
            #expect(Set(actual.keys) == Set(expected.keys), "\(laptop.user.name): rows of \(entity)", sourceLocation: sourceLocation)
            for (id, state) in expected {
                #expect(actual[id]?.values == state.values, "\(laptop.user.name): values of \(entity) \(id)", sourceLocation: sourceLocation)
                #expect(actual[id]?.stamps.byField.mapValues(\.clock) == state.stamps.byField.mapValues(\.clock),
                        "\(laptop.user.name): clocks of \(entity) \(id)", sourceLocation: sourceLocation)
            }
        }
    }
}
