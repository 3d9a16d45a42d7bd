package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/lint"
)

// rulesCommand is "xldisk rules [--markdown] [RULE...]".
func (a *app) rulesCommand() *cobra.Command {
	var md bool
	c := &cobra.Command{
		Use:   "rules [--markdown] [RULE...]",
		Short: "print the rule catalogue (--markdown for docs/rules.md)",
		RunE: func(c *cobra.Command, args []string) error {
			rules := diag.Catalogue()
			if len(args) > 0 {
				rules = nil
				for _, id := range args {
					rid, ok := diag.ParseRuleID(id)
					r, _ := diag.Lookup(rid)
					if !ok {
						return usagef(c, "unknown rule %q", id)
					}
					rules = append(rules, r)
				}
			}
			if md {
				io.WriteString(a.stdout, lint.RulesMarkdown(rules))
				return nil
			}
			if err := lint.WriteRulesText(a.stdout, rules); err != nil {
				a.errorf(c, "%v", err)
				a.fail(2)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&md, "markdown", false, "print Markdown (the content of docs/rules.md)")
	return c
}
