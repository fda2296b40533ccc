import OutpostCore

extension Schema {
    /// The entity a person named (`follow-up` works for `follow_up`).
    /// - Throws: `InputError.unknownEntity` listing the entities there are.
    func entity(named name: String) throws(InputError) -> EntitySchema {
        guard let entity = entity(EntityName(name)) ?? entity(EntityName(name.replacingOccurrences(of: "-", with: "_"))) else {
            throw .unknownEntity(name: name, known: entities.map(\.name.rawValue))
        }
        return entity
    }

    /// The entity a command needs, for commands that only make sense on one entity
    /// (`won` on an opportunity).
    /// - Throws: `InputError.entityNotReplicated` when this build's schema lacks it.
    func entity(_ name: String, neededBy command: String) throws(InputError) -> EntitySchema {
        guard let entity = entity(EntityName(name)) else {
            throw .entityNotReplicated(name: name, command: command, known: entities.map(\.name.rawValue))
        }
        return entity
    }
}

extension EntitySchema {
    /// The field a person named, among those a person writes (not the tombstone).
    /// - Throws: `InputError.unknownField` listing the fields there are.
    func dataField(named name: FieldName) throws(InputError) -> FieldSchema {
        guard name != .deleted, let field = field(name) else {
            throw .unknownField(entity: self.name, field: name.rawValue, known: dataFields.map(\.name.rawValue))
        }
        return field
    }
}
