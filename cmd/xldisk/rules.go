package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/lint"
)

func init() {
	register(&command{
		name:    "rules",
		summary: "print the rule catalogue (--markdown for docs/rules.md)",
		run:     runRules,
	})
}

// runRules implements "xldisk rules [--markdown] [ID...]".
func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	md := fs.Bool("markdown", false, "print Markdown (the content of docs/rules.md)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: xldisk rules [--markdown] [RULE...]")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	rules := diag.Catalogue()
	if fs.NArg() > 0 {
		rules = nil
		for _, id := range fs.Args() {
			r, ok := diag.Lookup(id)
			if !ok {
				fmt.Fprintf(stderr, "xldisk rules: unknown rule %q\n", id)
				return 2
			}
			rules = append(rules, r)
		}
	}
	if *md {
		io.WriteString(stdout, lint.RulesMarkdown(rules))
		return 0
	}
	if err := lint.WriteRulesText(stdout, rules); err != nil {
		return 2
	}
	return 0
}
