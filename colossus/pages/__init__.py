"""Layer 5, pages: one page model a chapter (:mod:`colossus.pages.page`), everything the
chapter shows in one object, so that a chapter is narrative plus one call."""
