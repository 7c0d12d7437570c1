package org.lafs.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Servers-of-happiness values from Tahoe's test suite (test_happiness.py
 * {@code test_servers_of_happiness_utility_function}, {@code test_calc_happy}) and the example
 * in {@code happinessutil.servers_of_happiness}'s documentation.
 */
class HappinessTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            one share each                 | server1:1 server2:2 server3:3 server4:4                                  | 4
            duplicate server               | server1:1,4 server2:2 server3:3                                          | 3
            merged with four trackers      | server1:1,4 server2:2 server3:3 server5:5 server6:6 server7:7 server8:8  | 7
            redundant tracker adds nothing | server1:1,4 server2:2 server3:3 server5:5 server6:6 server7:7 server8:8 server1:1 | 7
            empty                          |                                                                          | 0
            substantial overlap            | server1:1 server2:2 server3:3 server4:4 server5:4 server6:3,5            | 5
            Zooko's first puzzle           | server1:0,1 server2:1,2 server3:2                                        | 3
            Zooko's second puzzle          | server1:0,1 server2:1                                                    | 2
            docstring example              | server1:1..4 server2:6 server3:3 server4:4 server5:2                     | 5
            calc_happy (2 servers)         | x:0 y:1..9                                                               | 2
            one server holds everything    | s:0..9                                                                   | 1
            more servers than shares       | a:0 b:0 c:0 d:1                                                          | 2
            """)
    void matchesTahoe(String name, String layout, int expected) {
        Map<Integer, java.util.Set<String>> byShare = Layouts.shares(layout);
        assertEquals(expected, Happiness.of(byShare));
        assertEquals(expected, Happiness.ofServers(Layouts.servers(layout)));
    }
}
