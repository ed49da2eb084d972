from infolitico.cli import main

raise SystemExit(main())
