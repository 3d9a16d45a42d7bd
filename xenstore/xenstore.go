package validate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/vdev"
)

// Node is one xenstore node: a path relative to the device's backend or
// frontend directory, and its value.
type Node struct {
	// Path is relative to the directory ("params", "colo-host").
	Path string
	// Value is the node's content.
	Value string
}

// Nodes are the xenstore nodes libxl writes for one disk
// (libxl__device_generic_add with the lists built by device_disk_add).
type Nodes struct {
	// BackendDir is the backend directory, e.g.
	// /local/domain/0/backend/qdisk/1/51712; libxl also copies the
	// backend nodes under /libxl/DOMID/device/vbd/DEVID.
	BackendDir string
	// FrontendDir is the frontend directory, e.g.
	// /local/domain/1/device/vbd/51712.
	FrontendDir string
	// Backend are the backend nodes in libxl's order, starting with
	// "frontend".
	Backend []Node
	// Frontend are the frontend nodes in libxl's order, starting with
	// "backend".
	Frontend []Node
}

// String renders the nodes one per line, "PATH = VALUE" with full paths,
// backend first.
func (n Nodes) String() string {
	var b strings.Builder
	for _, x := range n.Backend {
		fmt.Fprintf(&b, "%s/%s = %q\n", n.BackendDir, x.Path, x.Value)
	}
	for _, x := range n.Frontend {
		fmt.Fprintf(&b, "%s/%s = %q\n", n.FrontendDir, x.Path, x.Value)
	}
	return b.String()
}

// cstr is C's printf("%s", s) of a possibly NULL string, as glibc prints
// it.
func cstr(s *string) string {
	if s == nil {
		return "(null)"
	}
	return *s
}

// formatString is libxl__device_disk_string_of_format, the FORMAT of a
// qdisk or tap params node ("aio" for raw and empty).
func formatString(f diskspec.Format) string {
	switch f {
	case diskspec.FormatQcow:
		return "qcow"
	case diskspec.FormatQcow2:
		return "qcow2"
	case diskspec.FormatVhd:
		return "vhd"
	case diskspec.FormatRaw, diskspec.FormatEmpty:
		return "aio"
	case diskspec.FormatQed:
		return "qed"
	}
	return "(null)"
}

// backendType is libxl__device_disk_string_of_backend, the "type" node.
func backendType(b diskspec.Backend, dl Dialect) string {
	switch b {
	case diskspec.BackendQdisk:
		return "qdisk"
	case diskspec.BackendTap:
		if dl == Dialect2015 {
			return "phy"
		}
		return "vbd3"
	case diskspec.BackendPhy:
		return "phy"
	case diskspec.BackendStandalone:
		return "standalone"
	}
	return "(null)"
}

// deviceKinds returns the backend and frontend device kinds of the
// xenstore directories.
func deviceKinds(b diskspec.Backend, dl Dialect) (back, front string) {
	switch b {
	case diskspec.BackendQdisk:
		return "qdisk", "vbd"
	case diskspec.BackendTap:
		if dl == Dialect2015 {
			return "vbd", "vbd"
		}
		return "vbd3", "vbd"
	case diskspec.BackendStandalone:
		return "virtio_disk", "virtio_disk"
	}
	return "vbd", "vbd"
}

// absPath is libxl__abs_path.
func absPath(s, dir string) string {
	if strings.HasPrefix(s, "/") {
		return s
	}
	return dir + "/" + s
}

// XenstoreNodes returns the nodes libxl writes for disk d once backend b is
// chosen (usually r.Choice.Backend) and its vdev decoded. Defaults are
// applied as libxl__device_disk_setdefault does (discard-enable follows
// access, trusted is true, grant_usage follows the backend domain).
//
// Not written here: the PV "protocol" frontend node (it needs the
// hypervisor), and for the 2015 dialect's tap backend the tapdisk device,
// which only exists at run time (XenstoreNodes fails).
func XenstoreNodes(d *diskspec.Disk, b diskspec.Backend, opts Options) (Nodes, error) {
	v, err := vdev.Decode(d.VdevName())
	if err != nil {
		return Nodes{}, fmt.Errorf("invalid or unsupported virtual disk identifier %s: %w", d.VdevName(), err)
	}
	dl := opts.Dialect
	if dl == Dialect2015 && b == diskspec.BackendTap {
		return Nodes{}, fmt.Errorf("2015 tap backend: params is the tapdisk device created at attach time")
	}
	if dl == Dialect2015 && b == diskspec.BackendStandalone {
		return Nodes{}, fmt.Errorf("the 2015 series has no standalone backend")
	}
	if b == diskspec.BackendUnknown {
		return Nodes{}, fmt.Errorf("unrecognized disk backend type: %d", int(b))
	}
	domid := opts.domid()
	devid := v.Number
	backKind, frontKind := deviceKinds(b, dl)
	// A backend domain given by name is resolved by libxl at attach time;
	// its id is shown as <NAME>.
	backDom := strconv.FormatUint(uint64(d.BackendDomid), 10)
	if driverDomain(d) && d.BackendDomname != nil && d.BackendDomid == 0 {
		backDom = "<" + *d.BackendDomname + ">"
	}
	n := Nodes{
		BackendDir:  fmt.Sprintf("/local/domain/%s/backend/%s/%d/%d", backDom, backKind, domid, devid),
		FrontendDir: fmt.Sprintf("/local/domain/%d/device/%s/%d", domid, frontKind, devid),
	}
	back := make([]Node, 0, 24)
	back = append(back, Node{"frontend", n.FrontendDir})
	put := func(p, val string) { back = append(back, Node{p, val}) }
	switch b {
	case diskspec.BackendPhy:
		params := cstr(d.PdevPath)
		if dl == DialectCurrent && d.IsCdrom != 0 && d.Format == diskspec.FormatEmpty && !driverDomain(d) {
			// libxl__device_disk_setdefault creates this placeholder
			// for an empty phy CD-ROM and uses it as the target.
			params = fmt.Sprintf("%s.%d", StubdomEmptyCdrom, domid)
		}
		put("params", params)
		script := "block"
		if d.Script != nil {
			script = *d.Script
		}
		put("script", absPath(script, opts.scriptDir()))
	case diskspec.BackendStandalone:
		put("params", cstr(d.PdevPath))
	case diskspec.BackendTap:
		put("params", formatString(d.Format)+":"+diskspec.Deref(d.PdevPath))
		script := "block-tap"
		if d.Script != nil {
			script = *d.Script
		}
		put("script", absPath(script, opts.scriptDir()))
	case diskspec.BackendQdisk:
		put("params", formatString(d.Format)+":"+diskspec.Deref(d.PdevPath))
		if d.ColoEnable.Val(false) {
			if dl == Dialect2015 {
				params := "(null)"
				if Has2015ColoParams(d) {
					params = colo.FormatParams(*d.ColoHost, d.ColoPort, *d.ColoExport)
				}
				put("colo-params", params)
			} else {
				put("colo-host", cstr(d.ColoHost))
				put("colo-port", strconv.Itoa(d.ColoPort))
				put("colo-export", cstr(d.ColoExport))
			}
			put("active-disk", cstr(d.ActiveDisk))
			put("hidden-disk", cstr(d.HiddenDisk))
		}
	}
	put("frontend-id", strconv.Itoa(int(domid)))
	put("online", "1")
	put("removable", b01(d.Removable != 0))
	put("bootable", "1")
	put("state", "1")
	put("dev", d.VdevName())
	put("type", backendType(b, dl))
	put("mode", pick(d.Readwrite != 0, "w", "r"))
	put("device-type", pick(d.IsCdrom != 0, "cdrom", "disk"))
	if d.DirectIoSafe {
		put("direct-io-safe", "1")
	}
	put("discard-enable", b01(d.DiscardEnable.Val(d.Readwrite != 0)))
	if dl == DialectCurrent {
		spec := d.Specification
		if spec == diskspec.SpecificationUnknown {
			spec = diskspec.SpecificationXen
		}
		put("specification", spec.String())
		if spec == diskspec.SpecificationVirtio {
			put("transport", "mmio")
			put("base", strconv.FormatUint(d.Base, 10))
			put("irq", strconv.FormatUint(uint64(d.Irq), 10))
			put("grant_usage", b01(d.GrantUsage.Val(driverDomain(d))))
		}
	}
	n.Backend = back

	front := []Node{
		{"backend", n.BackendDir},
		{"backend-id", strings.Trim(backDom, "<>")},
		{"state", "1"},
		{"virtual-device", strconv.Itoa(devid)},
		{"device-type", pick(d.IsCdrom != 0, "cdrom", "disk")},
	}
	if dl == DialectCurrent {
		front = append(front, Node{"trusted", b01(d.Trusted.Val(true))})
	}
	n.Frontend = front
	return n, nil
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// MissingNodeError is libxl's "Missing xenstore node DIR/NAME" when a disk
// is read back from xenstore.
type MissingNodeError struct {
	// Dir is the backend directory.
	Dir string
	// Node is the missing node's name inside Dir.
	Node string
}

// Error returns libxl's message.
func (e *MissingNodeError) Error() string {
	if e.Dir == "" {
		return "Missing xenstore node " + e.Node
	}
	return "Missing xenstore node " + e.Dir + "/" + e.Node
}

// DiskFromBackendNodes reads a disk back from its backend nodes as current
// upstream libxl's libxl__disk_from_xenstore does. Paths are relative to
// the backend directory ("params", "colo-host", ...); errors name the
// missing node with no directory.
func DiskFromBackendNodes(nodes []Node) (*diskspec.Disk, error) {
	return DiskFromBackendDir("", nodes, DialectCurrent)
}

// DiskFromBackendDir is DiskFromBackendNodes for the dialect dl with the
// backend directory dir, used in error messages and, when it has the form
// /local/domain/N/..., for the backend domain id. As in libxl the format is
// not recorded (FormatUnknown), params loses everything up to its first
// ':', and colo-host (2015: colo-params) switches COLO on and then
// requires the other COLO nodes.
func DiskFromBackendDir(dir string, nodes []Node, dl Dialect) (*diskspec.Disk, error) {
	m := make(map[string]string, len(nodes))
	for _, n := range nodes {
		m[strings.TrimPrefix(n.Path, dir+"/")] = n.Value
	}
	get := func(name string) (string, bool) { v, ok := m[name]; return v, ok }
	missing := func(name string) error { return &MissingNodeError{Dir: dir, Node: name} }
	d := &diskspec.Disk{}
	if rest, ok := strings.CutPrefix(dir, "/local/domain/"); ok {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i > 0 && i < len(rest) && rest[i] == '/' {
			id, err := strconv.ParseUint(rest[:i], 10, 32)
			if err == nil {
				d.BackendDomid = uint32(id)
			}
		}
	}
	if p, ok := get("params"); ok {
		if i := strings.IndexByte(p, ':'); i >= 0 {
			p = p[i+1:]
		}
		d.PdevPath = diskspec.Str(p)
	}
	if dl == Dialect2015 {
		if cp, ok := get("colo-params"); ok {
			d.ColoEnable = diskspec.DefboolTrue
			if pp, err := colo.ParseParams(cp); err == nil {
				d.ColoHost, d.ColoPort, d.ColoExport = diskspec.Str(pp.Host), pp.Port, diskspec.Str(pp.Export)
			}
			for _, n := range []struct {
				name string
				dst  **string
			}{{"active-disk", &d.ActiveDisk}, {"hidden-disk", &d.HiddenDisk}} {
				v, ok := get(n.name)
				if !ok {
					return nil, missing(n.name)
				}
				*n.dst = diskspec.Str(v)
			}
		} else {
			d.ColoEnable = diskspec.DefboolFalse
		}
	} else if h, ok := get("colo-host"); ok {
		d.ColoEnable = diskspec.DefboolTrue
		d.ColoHost = diskspec.Str(h)
		port, ok := get("colo-port")
		if !ok {
			return nil, missing("colo-port")
		}
		d.ColoPort = diskspec.CAtoi(port)
		for _, n := range []struct {
			name string
			dst  **string
		}{{"colo-export", &d.ColoExport}, {"active-disk", &d.ActiveDisk}, {"hidden-disk", &d.HiddenDisk}} {
			v, ok := get(n.name)
			if !ok {
				return nil, missing(n.name)
			}
			*n.dst = diskspec.Str(v)
		}
	} else {
		d.ColoEnable = diskspec.DefboolFalse
	}
	t, ok := get("type")
	if !ok {
		return nil, missing("type")
	}
	d.Backend = stringToBackend(t, dl)
	if dl == DialectCurrent {
		d.Specification = diskspec.SpecificationXen
		if s, ok := get("specification"); ok {
			switch strings.ToLower(s) {
			case "xen":
				d.Specification = diskspec.SpecificationXen
			case "virtio":
				d.Specification = diskspec.SpecificationVirtio
			case "unknown":
				d.Specification = diskspec.SpecificationUnknown
			default:
				return nil, fmt.Errorf("Unable to parse xenstore node %s", joinDir(dir, "specification"))
			}
		}
		if d.Specification == diskspec.SpecificationVirtio {
			tr, ok := get("transport")
			if !ok {
				return nil, missing("transport")
			}
			if strings.ToLower(tr) != "mmio" {
				if strings.ToLower(tr) == "unknown" {
					return nil, fmt.Errorf("Only transport mmio is expected for specification virtio")
				}
				return nil, fmt.Errorf("Unable to parse xenstore node %s", joinDir(dir, "transport"))
			}
			d.Transport = diskspec.TransportMmio
			base, ok := get("base")
			if !ok {
				return nil, missing("base")
			}
			d.Base = strtoul(base)
			irq, ok := get("irq")
			if !ok {
				return nil, missing("irq")
			}
			d.Irq = uint32(strtoul(irq))
			if g, ok := get("grant_usage"); ok {
				d.GrantUsage = diskspec.DefboolOf(strtoul(g) != 0)
			} else {
				d.GrantUsage = diskspec.DefboolOf(d.BackendDomid != 0)
			}
		}
	}
	dev, ok := get("dev")
	if !ok {
		return nil, missing("dev")
	}
	d.Vdev = diskspec.Str(dev)
	rm, ok := get("removable")
	if !ok {
		return nil, missing("removable")
	}
	d.Removable = diskspec.CAtoi(rm)
	mode, ok := get("mode")
	if !ok {
		return nil, missing("mode")
	}
	if mode == "w" {
		d.Readwrite = 1
	}
	dt, ok := get("device-type")
	if !ok {
		return nil, missing("device-type")
	}
	if dt == "cdrom" {
		d.IsCdrom = 1
	}
	d.Format = diskspec.FormatUnknown
	return d, nil
}

func joinDir(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// stringToBackend is libxl_string_to_backend: unknown strings leave the
// backend unknown.
func stringToBackend(s string, dl Dialect) diskspec.Backend {
	switch s {
	case "phy":
		return diskspec.BackendPhy
	case "file":
		return diskspec.BackendTap
	case "qdisk":
		return diskspec.BackendQdisk
	}
	if dl == DialectCurrent {
		switch s {
		case "vbd3":
			return diskspec.BackendTap
		case "standalone":
			return diskspec.BackendStandalone
		}
	}
	return diskspec.BackendUnknown
}

// strtoul is C's strtoul(s, NULL, 10) without overflow detail.
func strtoul(s string) uint64 {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	s = strings.TrimPrefix(s, "+")
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	v, err := strconv.ParseUint(s[:i], 10, 64)
	if err != nil && i > 0 {
		return ^uint64(0)
	}
	return v
}
