package explain_test

import (
	"os"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/explain"
)

func ExampleExplanation_WriteText() {
	x := explain.Domain([]string{"/srv/cd.iso,raw,hdc:cdrom,r"}, domain.Options{Type: domain.HVM})
	x.WriteText(os.Stdout)
	// Output:
	// disk 0: /srv/cd.iso,raw,hdc:cdrom,r
	//   vdev: hdc: hd naming, disk 2, partition 0, device number 5632
	//   emulated by QEMU as: CD-ROM on ide index 2, read-only
	//   QEMU arguments: -drive if=none,readonly=on,id=ide-5632,file=/srv/cd.iso,format=raw -device ide-cd,id=ide-5632,drive=ide-5632,bus=ide.1,unit=0
	//   backend requested: none (libxl tries phy, qdisk, tap, standalone in order)
	//     note: HVM CD-ROM: backend qdisk forced
	//     qdisk: chosen: QEMU serves any format
	//   backend chosen: qdisk
	//   xenstore:
	//     /local/domain/0/backend/qdisk/1/5632/frontend = "/local/domain/1/device/vbd/5632"
	//     /local/domain/0/backend/qdisk/1/5632/params = "aio:/srv/cd.iso"
	//     /local/domain/0/backend/qdisk/1/5632/frontend-id = "1"
	//     /local/domain/0/backend/qdisk/1/5632/online = "1"
	//     /local/domain/0/backend/qdisk/1/5632/removable = "1"
	//     /local/domain/0/backend/qdisk/1/5632/bootable = "1"
	//     /local/domain/0/backend/qdisk/1/5632/state = "1"
	//     /local/domain/0/backend/qdisk/1/5632/dev = "hdc"
	//     /local/domain/0/backend/qdisk/1/5632/type = "qdisk"
	//     /local/domain/0/backend/qdisk/1/5632/mode = "r"
	//     /local/domain/0/backend/qdisk/1/5632/device-type = "cdrom"
	//     /local/domain/0/backend/qdisk/1/5632/discard-enable = "0"
	//     /local/domain/0/backend/qdisk/1/5632/specification = "xen"
	//     /local/domain/1/device/vbd/5632/backend = "/local/domain/0/backend/qdisk/1/5632"
	//     /local/domain/1/device/vbd/5632/backend-id = "0"
	//     /local/domain/1/device/vbd/5632/state = "1"
	//     /local/domain/1/device/vbd/5632/virtual-device = "5632"
	//     /local/domain/1/device/vbd/5632/device-type = "cdrom"
	//     /local/domain/1/device/vbd/5632/trusted = "1"
	//   diagnostics: none
}

func TestMarkdown(t *testing.T) {
	x := explain.Domain([]string{"/dev/vg/guest,raw,hda,rw", "/dev/vg/b,raw,hdb,ro", "bad*spec"}, domain.Options{Type: domain.HVM})
	md := x.Markdown(0)
	for _, want := range []string{"**disk 0**", "device number 768", "emulated by QEMU as: disk on ide index 0", "file=/dev/vg/guest,if=ide,index=0", "backend chosen: phy"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown(0) lacks %q:\n%s", want, md)
		}
	}
	if md := x.Markdown(1); !strings.Contains(md, "XLD200") {
		t.Errorf("Markdown(1) lacks the read-only IDE finding:\n%s", md)
	}
	if md := x.Markdown(2); !strings.Contains(md, "Rejected") {
		t.Errorf("Markdown(2) does not say the spec was rejected:\n%s", md)
	}
	if x.OK() {
		t.Errorf("OK() with a read-only IDE disk and a bad spec")
	}
	if x.Markdown(3) != "" || x.Markdown(-1) != "" {
		t.Errorf("Markdown out of range is not empty")
	}
}
