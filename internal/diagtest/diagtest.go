// Package diagtest is the one TestMain of xldisk's packages: it runs the
// tests and then fails the run if any diagnostic was built with a rule
// that is not registered (diag.Unregistered), which diag.New counts
// instead of panicking.
package diagtest

import (
	"fmt"
	"os"
	"testing"

	"github.com/xldisk/xldisk/diag"
)

// Main runs m and exits, with status 1 when the tests passed but some
// diagnostic had an unregistered rule. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if n := diag.Unregistered(); n != 0 && code == 0 {
		fmt.Fprintf(os.Stderr, "%d diagnostics were built with an unregistered rule\n", n)
		code = 1
	}
	os.Exit(code)
}
