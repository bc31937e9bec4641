@NullMarked
package io.jobtrail.bootstrap.web;

import org.jspecify.annotations.NullMarked;
