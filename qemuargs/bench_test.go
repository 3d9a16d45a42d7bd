package qemuargs

import "testing"

func BenchmarkRender(b *testing.B) {
	var c goldenCase
	for _, gc := range goldenCases() {
		if gc.name == "current-ahci-colo-primary-mixed" {
			c = gc
		}
	}
	disks := c.build()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := Render(disks, c.opts)
		if len(res.Args) == 0 {
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
