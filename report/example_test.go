package report_test

import (
	"os"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/report"
)

func ExampleWrite() {
	// A located finding, as lint.Config returns them (the rule is one of
	// this package's test rules: the real ones register in validate,
	// diskspec, xlcfg and lint).
	rule, _ := diag.ParseRuleID("XLD902")
	src := []byte("type = \"hvm\"\ndisk = [ '/dev/vg/a,raw,hde,rw' ]\n")
	d := diag.New(rule, diag.InFile("guest.cfg", diag.Pos{Line: 2, Column: 29, Offset: 41}, diag.Pos{Line: 2, Column: 32, Offset: 44}), "disk hde is not emulated")
	files := []report.File{{Path: "guest.cfg", Src: src, Diags: diag.List{d}}}
	report.Write(os.Stdout, "text", files, report.Meta{Xen: []release.Version{release.Xen417, release.Xen420}})
	report.Write(os.Stdout, "github", files, report.Meta{})
	// Output:
	// guest.cfg:2:29: warning: disk hde is not emulated [XLD902]
	// xldisk: 1 finding (1 warning) in 1 of 1 file; judged against Xen 4.17, 4.20
	// ::warning file=guest.cfg,line=2,col=29,endLine=2,endColumn=32,title=XLD902 legacy emulation::disk hde is not emulated [XLD902]
	// xldisk: 1 finding (1 warning) in 1 of 1 file; judged against Xen 4.22
}
