import ArgumentParser

/// `--db`: where the server's data lives. Shared by `outpost-server` and its `backup`
/// subcommand, so `outpost-server backup --db PATH` and `outpost-server --db PATH backup`
/// both name the same store.
struct StoreOption: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The store: a SQLite file (created if missing) or a PostgreSQL URL, postgres://user[:password]@host[:port]/database (migrated at start).",
        valueName: "path-or-url"))
    var databasePath = "./outpost.sqlite"
}
