// Command lintconfig shows the lint library API: it lints one xl.cfg file
// (or the built-in example) offline and prints each finding with its rule
// and position, as a toolstack would before creating a domain.
//
//	go run ./examples/lintconfig examples/broken/hvm-limits.cfg
package main

import (
	"fmt"
	"os"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/lint"
)

const builtin = `type = "hvm"
disk = [ '/dev/vg0/a,raw,hda,ro', '/dev/vg0/b,xvdb,w' ]
`

func main() {
	path, src := "builtin.cfg", []byte(builtin)
	if len(os.Args) > 1 {
		path = os.Args[1]
		var err error
		if src, err = os.ReadFile(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	res := lint.Config(path, src, domain.Options{})
	for _, d := range res.Diags {
		rule, _ := diag.Lookup(d.Rule)
		where := path
		if r := d.Range; r.InFile() {
			where = fmt.Sprintf("%s:%d:%d-%d:%d", r.File, r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
		}
		fmt.Printf("%s %s %s (%s)\n    %s\n", where, d.Rule, d.Severity, rule.Summary, d.Message)
	}
	if m, ok := res.Max(); ok && m == diag.Error {
		os.Exit(1)
	}
}
