from espace_parents_tui.cli.main import main

raise SystemExit(main())
