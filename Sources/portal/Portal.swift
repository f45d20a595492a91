import ArgumentParser

@main
struct Portal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "政府信息公开专栏静态网站生成器 / Static site generator for government information-disclosure portals.",
        discussion: """
        网站根目录包含 content/（内容）和 templates/（模板）两个目录。
        A site root holds content/ (what editors write) and templates/ (the look).

        常用命令 / Common commands:
          portal build            生成网站到 public/ / build the site into public/
          portal check            只检查内容，不生成 / check the content, write nothing
          portal init DIR …       为新单位新建网站 / start a site for a new agency
          portal build --help     查看全部选项 / every option explained
        """,
        subcommands: [BuildCommand.self, CheckCommand.self, RollbackCommand.self, StatsCommand.self, NewCommand.self, ServeCommand.self, InitCommand.self]
    )
}
