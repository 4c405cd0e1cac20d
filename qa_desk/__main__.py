from qa_desk.cli import main

raise SystemExit(main())
