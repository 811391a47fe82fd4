package io.memorymanager.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectNamesTest {

    @Test
    void typeOnlyNamesAreInOurDomain() {
        assertThat(ObjectNames.of("Monitor").toString()).isEqualTo("io.memorymanager:type=Monitor");
    }

    @Test
    void plainUserNamesStayUnquoted() {
        assertThat(ObjectNames.of("ObjectPool", "db-connections").getKeyProperty("name"))
                .isEqualTo("db-connections");
    }

    @Test
    void userNamesWithSpecialCharactersAreQuotedAndCannotAddProperties() {
        var name = ObjectNames.of("ObjectPool", "a,type=Evil:*");
        assertThat(name.getKeyPropertyList()).containsOnlyKeys("type", "name");
        assertThat(name.getKeyProperty("type")).isEqualTo("ObjectPool");
        assertThat(javax.management.ObjectName.unquote(name.getKeyProperty("name"))).isEqualTo("a,type=Evil:*");
        assertThat(name.isPattern()).isFalse();
    }

    @Test
    void blankNamesAreRefused() {
        assertThatThrownBy(() -> ObjectNames.of("ObjectPool", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was ' '");
    }
}
