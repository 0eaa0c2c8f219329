/// Every `normcheck` command, in the order `normcheck help` lists them.
let commands: [Command] = [
    HelpCommand.command,
    GateCommand.command,
    GradCheckCommand.command,
    FixturesCommand.command,
    ReplayCommand.command,
    BenchCommand.command,
    VersionCommand.command,
]
