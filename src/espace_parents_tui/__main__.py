from espace_parents_tui.cli.entry import main

raise SystemExit(main())
