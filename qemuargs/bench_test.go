package qemuargs

import (
	"testing"

	"github.com/xldisk/xldisk/validate"
)

func benchCase(b *testing.B) goldenCase {
	for _, gc := range goldenCases() {
		if gc.name == "current-ahci-colo-primary-mixed" {
			return gc
		}
	}
	b.Fatal("no benchmark case")
	return goldenCase{}
}

// BenchmarkRender renders a plan made once: the cost of writing the
// strings alone.
func BenchmarkRender(b *testing.B) {
	pl, _ := benchCase(b).plan(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := Render(pl); len(res.Args) == 0 {
			b.Fatal("no args")
		}
	}
}

// BenchmarkPlanRender makes the plan from parsed disks and renders it, as
// a toolstack does for each domain start.
func BenchmarkPlanRender(b *testing.B) {
	c := benchCase(b)
	pl, ps := c.plan(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res := Render(validate.Domain(ps, pl.Options)); len(res.Args) == 0 {
			b.Fatal("no args")
		}
	}
}

func BenchmarkSplitOpts(b *testing.B) {
	s := "if=none,readonly=off,cache=writeback,id=top-colo,driver=replication,mode=secondary,top-id=top-colo,file.driver=qcow2,file.file.filename=/srv/xen/act,,x.qcow2,file.backing.driver=qcow2"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := SplitOpts(s); err != nil {
			b.Fatal(err)
		}
	}
}
