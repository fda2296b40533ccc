import ArgumentParser

/// `--json`: print data as JSON instead of text, for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the result as JSON.")
    var json = false
}
