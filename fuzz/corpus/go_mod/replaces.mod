// A project module written for the test.
module example.com/app

go 1.19

require github.com/pkg/errors v0.9.1

require (
	golang.org/x/text v0.3.8 // indirect
	"example.com/quoted" v1.0.0
	example.com/old v1.2.0
	example.com/local v0.1.0
	example.com/pinned v2.0.0+incompatible
)

exclude golang.org/x/text v0.3.7

replace example.com/old => example.com/new v1.3.0

replace (
	example.com/local => ../local
	example.com/pinned v1.0.0 => example.com/other v1.0.0
)

retract v0.0.1
