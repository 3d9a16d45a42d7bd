package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestExplainVerb(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string // substrings of stdout, in order
		not  []string // substrings that must not appear
	}{
		{[]string{"/dev/vg/a,raw,xvda,w"}, 0, []string{
			"disk 0: /dev/vg/a,raw,xvda,w\n",
			"  vdev: xvda: xvd naming, disk 0, partition 0, device number 51712\n",
			"    phy: chosen: target is a block device\n",
			"  backend chosen: phy\n",
			"    /local/domain/0/backend/vbd/1/51712/params = \"/dev/vg/a\"\n",
			"    /local/domain/1/device/vbd/51712/virtual-device = \"51712\"\n",
			"  diagnostics: none\n"}, []string{"emulated by QEMU"}},
		{[]string{"--hvm", "/srv/a.qcow2,qcow2,hda,r"}, 1, []string{
			"  emulated by QEMU as: not emulated (PV drivers only, or refused: see the findings)\n",
			"    phy: refused: unsuitable due to format qcow2 (phy needs raw)\n",
			"    qdisk: chosen: QEMU serves any format\n",
			"params = \"qcow2:/srv/a.qcow2\"",
			"error: read-only IDE disk hda",
			"[XLD200]\n      /srv/a.qcow2,qcow2,hda,r\n                             ^\n"}, nil},
		{[]string{"/srv/a.img,raw,hde,w"}, 1, []string{
			"  vdev: hde: not decodable\n",
			"error: invalid vdev \"hde\": hd disk \"e\" is beyond the last one, hdd (4 disks)",
			"[XLD100]\n      /srv/a.img,raw,hde,w\n                       ^\n"}, []string{"xenstore:"}},
		{[]string{"/srv/a.img,raw,xvda,w", "x,bogus,xvdb", "/srv/b.img,raw,xvda,w"}, 1, []string{
			"disk 0: /srv/a.img,raw,xvda,w\n",
			"disk 1: x,bogus,xvdb\n  rejected by the disk-spec parser (libxlu):\n",
			"disk 2: /srv/b.img,raw,xvda,w\n",
			"[XLD113]"}, nil},
		{[]string{"--dialect=2015", "--hvm", "/srv/c.img,raw,xvda,w,colo,colo-params=10.0.0.2:9000:exportname=e1,active-disk=/a,hidden-disk=/h"}, 0, []string{
			"phy: refused: not compatible with colo",
			"qdisk: chosen",
			"colo-params = \"10.0.0.2:9000:exportname=e1\""}, []string{"specification"}},
		{[]string{"--probe-host", "/nonexistent/xldisk-test.img,raw,xvda,w"}, 1, []string{
			"no backend: failed to stat /nonexistent/xldisk-test.img", "[XLD108]"}, nil},
		{[]string{"--hotplug", "vdev=xvda,specification=virtio,target=/dev/vg/a"}, 1, []string{"[XLD107]"}, nil},
		{[]string{"--colo-side=secondary", "--hvm", "/srv/c.img,raw,xvda,w,colo"}, 1, []string{"COLO disk (secondary side) without"}, nil},
		{[]string{"--domid=7", ",,hdc:cdrom,backendtype=phy"}, 0, []string{"params = \"/var/run/xen/empty-cdrom.7\""}, nil},
		{[]string{}, 2, nil, nil},
		{[]string{"--dialect=2016", "/x,,xvda"}, 2, nil, nil},
		{[]string{"--hdtype=scsi", "/x,,xvda"}, 2, nil, nil},
		{[]string{"--colo-side=both", "/x,,xvda"}, 2, nil, nil},
		{[]string{"--domid=0", "/x,,xvda"}, 2, nil, nil},
		{[]string{"--nope"}, 2, nil, nil},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(append([]string{"explain"}, tt.args...), &out, &errb)
		if code != tt.code {
			t.Errorf("%q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.args, code, tt.code, out.String(), errb.String())
			continue
		}
		s := out.String()
		rest := s
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%q: stdout lacks (in order) %q:\n%s", tt.args, w, s)
				break
			}
			rest = rest[i+len(w):]
		}
		for _, w := range tt.not {
			if strings.Contains(s, w) {
				t.Errorf("%q: stdout has %q:\n%s", tt.args, w, s)
			}
		}
		if code == 2 && errb.Len() == 0 {
			t.Errorf("%q: usage error without a message", tt.args)
		}
	}
}
