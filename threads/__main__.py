"""python -m threads"""

from threads.entry import main

main()
