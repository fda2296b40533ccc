import ArgumentParser

/// The `<entity> <id>` a command verb acts on: `outpost claim lead 3a4b5c6d7e8f`.
struct SubjectArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The entity, for example lead or customer.", valueName: "entity"))
    var entity: String

    @Argument(help: ArgumentHelp("The row's id, or enough of its first or last characters to be unique.", valueName: "id"))
    var id: String
}
