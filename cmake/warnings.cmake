# Warnings for our own targets only: third-party headers come in as SYSTEM
# includes, so -Werror never fires on code we do not own.
function(stripe_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(STRIPE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
