package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// manCommand is "xldisk man": the xldisk(1) manual page, in roff, from
// the command tree (install it with xldisk man > /usr/share/man/man1/xldisk.1).
func (a *app) manCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "print the xldisk(1) manual page (roff)",
		Args:  noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			writeMan(a.stdout, c.Root())
			return nil
		},
	}
}

// roff escapes text for a roff line: backslashes, and a leading '.' or
// '\” that would start a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			b.WriteString(`\&`)
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// roffLine is roff for text on one line (no final newline).
func roffLine(s string) string {
	return strings.TrimSuffix(roff(strings.ReplaceAll(s, "\n", " ")), "\n")
}

// writeMan writes the manual page of root and its commands.
func writeMan(w io.Writer, root *cobra.Command) {
	fmt.Fprintf(w, ".TH XLDISK 1 \"\" \"xldisk %s\" \"User Commands\"\n", roffLine(Version()))
	fmt.Fprintf(w, ".SH NAME\nxldisk \\- %s\n", roffLine(root.Short))
	fmt.Fprint(w, ".SH SYNOPSIS\n.B xldisk\n.I command\n[flags] [arguments]\n")
	fmt.Fprint(w, ".SH DESCRIPTION\n"+roff(root.Long))
	fmt.Fprint(w, ".SH COMMANDS\n")
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		fmt.Fprintf(w, ".SS %s\n", roffLine(c.UseLine()))
		desc := c.Long
		if desc == "" {
			desc = c.Short
		}
		fmt.Fprint(w, roff(desc))
		if c.Example != "" {
			fmt.Fprint(w, ".PP\nExamples:\n.PP\n.nf\n"+roff(c.Example)+".fi\n")
		}
		if fl := c.LocalNonPersistentFlags().FlagUsages(); strings.TrimSpace(fl) != "" {
			fmt.Fprint(w, ".PP\nFlags:\n.PP\n.nf\n"+roff(strings.TrimRight(fl, "\n"))+".fi\n")
		}
	}
	fmt.Fprint(w, `.SH EXIT STATUS
0 success; 1 findings at --fail-on, a refused input, or (fmt -l, -d, --check; lint --fix -d) something that would change; 2 usage errors, a malformed .xldisk.yaml, unreadable input.
.SH FILES
.TP
.I .xldisk.yaml
settings of lint and fmt (rules, exclude, xen, fail-on), looked for in the current directory and its parents.
.SH SEE ALSO
.BR xl (1),
.BR xl.cfg (5),
.BR xl-disk-configuration (5)
`)
}
